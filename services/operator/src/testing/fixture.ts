import { gzipSync } from 'node:zlib'
import { startHarness, type Harness } from '@switchboard/chat-api/testing'
import { secretsEnvFor } from '@switchboard/dispatcher/testing'
import { createLogger } from '@switchboard/logging'
import {
  newMasterKey,
  startHarness as startSecrets,
  type Harness as SecretsHarness,
} from '@switchboard/secrets/testing'
import type { Result } from '../controller/controller.js'
import { KubeEventRecorder } from '../controller/events.js'
import type { OperatorSettings, ReconcilerDeps } from '../deps.js'
import { BotReconciler } from '../bot/reconciler.js'
import { InstallationReconciler } from '../installation/reconciler.js'
import { IntegrationReconciler } from '../integration/reconciler.js'
import { TYPES, type KubeObject } from '../kube/api.js'
import { Sandboxes } from '../sandboxes/sandboxes.js'
import { FakeKube } from './fake-kube.js'

/** A tiny CommonJS bundle (chat-api stores it; no sandbox runs it in these tests). */
export const BUNDLE = 'exports.default = { handler: async () => ({ status: 200, body: "{}" }) }\n'

/** A definition whose configuration needs a url and an apiKey. */
export const definition = (version = '0.1.0') => ({
  name: 'webhook',
  version,
  configuration: {
    schema: {
      type: 'object',
      properties: { url: { type: 'string', format: 'uri' }, apiKey: { type: 'string', minLength: 8 } },
      required: ['url', 'apiKey'],
      additionalProperties: false,
    },
  },
  channels: { channel: { messages: { text: { schema: {} } } } },
})

export const settings: OperatorSettings = {
  publicWebhookBaseUrl: 'https://hooks.example.com/',
  chatApiUrl: 'http://chat-api.switchboard.svc:8081',
  runnerImage: 'switchboard/runner:test',
  imagePullPolicy: 'IfNotPresent',
  defaultMemoryMb: 256,
  dispatcher: { namespace: 'switchboard', podLabels: { 'app.kubernetes.io/component': 'dispatcher' } },
  deleteTimeoutMs: 60_000,
  bundleMaxBytes: 10 * 1024 * 1024,
  watchNamespaces: [],
}

/** The real admin (chat-api) and secrets services, a fake Kubernetes API, and the three reconcilers. */
export interface Fixture {
  chat: Harness
  secretsSvc: SecretsHarness
  kube: FakeKube
  deps: ReconcilerDeps
  integrations: IntegrationReconciler
  bots: BotReconciler
  installations: InstallationReconciler
  /** Every line the operator logged (debug level). */
  logs: string[]
  close(): Promise<void>
}

export async function startFixture(): Promise<Fixture> {
  const secretsSvc = await startSecrets(newMasterKey())
  const chat = await startHarness(secretsEnvFor(secretsSvc))
  const kube = new FakeKube()
  const logs: string[] = []
  const logger = createLogger({
    service: 'operator',
    level: 'debug',
    destination: { write: (l: string) => void logs.push(l) },
  })
  const deps: ReconcilerDeps = {
    kube,
    admin: chat.admin,
    secrets: secretsSvc.callers.admin,
    events: new KubeEventRecorder(kube, logger, 'test'),
    sandboxes: new Sandboxes(kube, chat.admin, settings, logger),
    settings,
    logger,
  }
  return {
    chat,
    secretsSvc,
    kube,
    deps,
    integrations: new IntegrationReconciler(deps),
    bots: new BotReconciler(deps),
    installations: new InstallationReconciler(deps),
    logs,
    async close() {
      await Promise.all([chat.close(), secretsSvc.close()])
    },
  }
}

/** Runs passes while they ask to be requeued at once; returns the last result (at most 40 passes). */
export async function settle(
  reconciler: { reconcile(key: string): Promise<Result> },
  key: string,
): Promise<Result> {
  for (let i = 0; i < 40; i++) {
    const r = await reconciler.reconcile(key)
    if (r.requeueAfterMs !== 0) return r
  }
  throw new Error(`${key} did not settle in 40 passes`)
}

/** Plays the kubelet: marks every sandbox Deployment rolled out with its pods ready. */
export async function rollOut(kube: FakeKube): Promise<void> {
  for (const d of kube.all(TYPES.Deployment)) {
    const replicas = (d.spec as { replicas?: number }).replicas ?? 1
    await kube.setStatus(
      { ...TYPES.Deployment, namespace: d.metadata.namespace, name: d.metadata.name },
      {
        observedGeneration: d.metadata.generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
      },
    )
  }
}

export const NS = 'team-a'

export const bundleConfigMap = (content = BUNDLE): KubeObject => ({
  ...TYPES.ConfigMap,
  metadata: { name: 'webhook-bundle', namespace: NS },
  binaryData: { 'bundle.cjs.gz': gzipSync(content).toString('base64') },
})

export const secret = (name: string, values: Record<string, string>): KubeObject => ({
  ...TYPES.Secret,
  metadata: { name, namespace: NS },
  type: 'Opaque',
  data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
})

export const integration = (version = '0.1.0'): KubeObject => ({
  ...TYPES.Integration,
  metadata: { name: 'webhook', namespace: NS },
  spec: {
    definition: definition(version),
    bundle: { configMapRef: { name: 'webhook-bundle', key: 'bundle.cjs.gz' } },
    webhook: { idempotencyKey: 'header:X-Delivery-Id' },
    runtime: { replicas: 1, memory: '128Mi', runtimeClassName: 'gvisor' },
    secretsFrom: { name: 'webhook-secrets' },
  },
})

export const bot = (): KubeObject => ({
  ...TYPES.Bot,
  metadata: { name: 'support-bot', namespace: NS },
  spec: {
    endpoint: {
      url: 'https://bot.example.com/hooks',
      signingSecretRef: { name: 'bot-signing', key: 'secret' },
    },
  },
})

export const installation = (
  configuration: Record<string, unknown> = { url: 'https://example.com/out' },
): KubeObject => ({
  ...TYPES.Installation,
  metadata: { name: 'support-webhook', namespace: NS },
  spec: {
    botRef: { name: 'support-bot' },
    integrationRef: { name: 'webhook' },
    alias: 'hook',
    configuration,
    configurationFrom: { name: 'hook-config' },
    enabled: true,
  },
})
