import type { Logger } from '@switchboard/logging'
import { startHealthServer } from '@switchboard/service'
import { promiseClient, protos, type AdminClient, type SecretsClient } from '@switchboard/proto'
import type { Bot, Installation, Integration } from '@switchboard/resources'
import { createMetricsRegistry } from '@switchboard/telemetry'
import { BotReconciler } from './bot/reconciler.js'
import { Controller } from './controller/controller.js'
import { KubeEventRecorder } from './controller/events.js'
import { Informer, type InformerEvent } from './controller/informer.js'
import type { OperatorConfig } from './config.js'
import type { OperatorSettings, ReconcilerDeps } from './deps.js'
import { InstallationReconciler } from './installation/reconciler.js'
import { IntegrationReconciler } from './integration/reconciler.js'
import { keyOf, TYPES, type KubeApi, type KubeObject, type TypeRef } from './kube/api.js'
import { LeaderElector } from './leader/lease.js'
import { createOperatorMetrics } from './metrics.js'
import { Sandboxes } from './sandboxes/sandboxes.js'
import { SANDBOX_LABELS } from '@switchboard/sandbox'

/** A running operator. */
export interface Operator {
  httpPort: number
  /** The controllers, by kind (tests drive them). */
  controllers: { Integration: Controller; Bot: Controller; Installation: Controller }
  stop(): Promise<void>
}

/** Collaborators; tests pass a fake Kubernetes API. */
export interface OperatorDeps {
  kube: KubeApi
  admin?: AdminClient
  secrets?: SecretsClient
  fetch?: typeof fetch
  /** Called when this replica loses the leader lease (main.ts exits, so it restarts as a follower). */
  onLostLeadership?: () => void
}

type IntegrationObject = Integration & KubeObject
type BotObject = Bot & KubeObject
type InstallationObject = Installation & KubeObject

/** The settings reconcilers read, from the configuration. */
export function settingsFrom(config: OperatorConfig): OperatorSettings {
  return {
    publicWebhookBaseUrl: config.PUBLIC_WEBHOOK_BASE_URL,
    chatApiUrl: config.CHAT_API_URL,
    runnerImage: config.RUNNER_IMAGE,
    imagePullPolicy: config.SANDBOX_IMAGE_PULL_POLICY,
    defaultMemoryMb: config.SANDBOX_MEMORY_MB,
    dispatcher: { namespace: config.DISPATCHER_NAMESPACE, podLabels: config.DISPATCHER_POD_LABELS },
    deleteTimeoutMs: config.DELETE_TIMEOUT_MS,
    bundleMaxBytes: config.BUNDLE_MAX_BYTES,
    watchNamespaces: config.WATCH_NAMESPACES,
  }
}

/**
 * Starts the operator: informers on Integrations, Bots, Installations and what they reference (Secrets,
 * ConfigMaps, the sandbox Deployments) feed one work queue per kind; each kind has its reconciler. The
 * workers run only on the replica holding the leader Lease. Serves /healthz, /readyz and /metrics.
 */
export async function startOperator(
  config: OperatorConfig,
  logger: Logger,
  deps: OperatorDeps,
): Promise<Operator> {
  const { kube } = deps
  const admin =
    deps.admin ??
    promiseClient(protos.admin.AdminService, config.ADMIN_GRPC_URL, { token: config.ADMIN_TOKEN })
  const secrets =
    deps.secrets ??
    promiseClient(protos.secrets.SecretsService, config.SECRETS_GRPC_URL, {
      token: config.SECRETS_ADMIN_TOKEN,
    })
  const settings = settingsFrom(config)
  const events = new KubeEventRecorder(kube, logger, config.POD_NAME)
  const rdeps: ReconcilerDeps = {
    kube,
    admin,
    secrets,
    events,
    sandboxes: new Sandboxes(kube, admin, settings, logger),
    settings,
    logger,
    fetch: deps.fetch,
  }

  const registry = createMetricsRegistry('operator')
  const metrics = createOperatorMetrics(registry)
  const controller = (name: string, reconcile: (key: string) => Promise<{ requeueAfterMs?: number }>) =>
    new Controller({
      name,
      reconcile,
      logger: logger.child({ controller: name }),
      workers: config.WORKERS,
      metrics,
    })
  const integrationRec = new IntegrationReconciler(rdeps)
  const botRec = new BotReconciler(rdeps)
  const installationRec = new InstallationReconciler(rdeps)
  const controllers = {
    Integration: controller('integration', (k) => integrationRec.reconcile(k)),
    Bot: controller('bot', (k) => botRec.reconcile(k)),
    Installation: controller('installation', (k) => installationRec.reconcile(k)),
  }

  // Informers, one set per watched namespace (or one cluster-wide).
  const namespaces = config.WATCH_NAMESPACES.length ? config.WATCH_NAMESPACES : [undefined]
  const informers: Informer[] = []
  const crs = {
    Integration: [] as Informer<IntegrationObject>[],
    Bot: [] as Informer<BotObject>[],
    Installation: [] as Informer<InstallationObject>[],
  }
  const cached = <T extends KubeObject>(list: Informer<T>[]) => list.flatMap((i) => i.list())
  const sameNs = (a: KubeObject, b: KubeObject) => a.metadata.namespace === b.metadata.namespace

  const installationsOf = (pick: (i: InstallationObject) => string | undefined, obj: KubeObject) => {
    for (const inst of cached(crs.Installation)) {
      if (sameNs(inst, obj) && pick(inst) === obj.metadata.name)
        controllers.Installation.queue.add(keyOf(inst))
    }
  }
  const onIntegration = (_e: InformerEvent, obj: IntegrationObject) => {
    controllers.Integration.queue.add(keyOf(obj))
    installationsOf((i) => i.spec?.integrationRef?.name, obj)
  }
  const onBot = (_e: InformerEvent, obj: BotObject) => {
    controllers.Bot.queue.add(keyOf(obj))
    installationsOf((i) => i.spec?.botRef?.name, obj)
  }
  const onInstallation = (_e: InformerEvent, obj: InstallationObject) =>
    controllers.Installation.queue.add(keyOf(obj))
  // A Secret or ConfigMap changed: reconcile whatever references it (never reading it here).
  const onSecret = (_e: InformerEvent, s: KubeObject) => {
    const n = s.metadata.name
    for (const o of cached(crs.Integration))
      if (sameNs(o, s) && o.spec?.secretsFrom?.name === n) controllers.Integration.queue.add(keyOf(o))
    for (const o of cached(crs.Installation))
      if (sameNs(o, s) && o.spec?.configurationFrom?.name === n) controllers.Installation.queue.add(keyOf(o))
    for (const o of cached(crs.Bot))
      if (sameNs(o, s) && o.spec?.endpoint?.signingSecretRef?.name === n) controllers.Bot.queue.add(keyOf(o))
  }
  const onConfigMap = (_e: InformerEvent, cm: KubeObject) => {
    const n = cm.metadata.name
    for (const o of cached(crs.Integration))
      if (sameNs(o, cm) && o.spec?.bundle?.configMapRef?.name === n)
        controllers.Integration.queue.add(keyOf(o))
    for (const o of cached(crs.Bot))
      if (sameNs(o, cm) && o.spec?.bundle?.configMapRef?.name === n) controllers.Bot.queue.add(keyOf(o))
  }
  // A sandbox Deployment changed (a rollout finished): reconcile its owner.
  const onDeployment = (_e: InformerEvent, d: KubeObject) => {
    const owner = d.metadata.ownerReferences?.find((r) => r.kind === 'Integration' || r.kind === 'Bot')
    if (!owner) return
    controllers[owner.kind as 'Integration' | 'Bot'].queue.add(`${d.metadata.namespace}/${owner.name}`)
  }

  const add = <T extends KubeObject>(
    type: TypeRef,
    namespace: string | undefined,
    handler: (e: InformerEvent, o: T) => void,
    extra: { metadataOnly?: boolean; labelSelector?: string } = {},
  ) => {
    const inf = new Informer<T>(
      kube,
      type,
      { namespace, resyncMs: config.RESYNC_INTERVAL_MS, ...extra },
      handler,
      logger,
    )
    informers.push(inf as unknown as Informer)
    return inf
  }
  for (const ns of namespaces) {
    crs.Integration.push(add(TYPES.Integration, ns, onIntegration))
    crs.Bot.push(add(TYPES.Bot, ns, onBot))
    crs.Installation.push(add(TYPES.Installation, ns, onInstallation))
    add(TYPES.Secret, ns, onSecret, { metadataOnly: true })
    add(TYPES.ConfigMap, ns, onConfigMap, { metadataOnly: true })
    add(TYPES.Deployment, ns, onDeployment, {
      metadataOnly: true,
      labelSelector: `${SANDBOX_LABELS.managedBy}=switchboard-operator`,
    })
  }
  // Custom resources first, so references resolve when Secret events arrive.
  for (const inf of informers) await inf.start()
  let synced = true

  const startControllers = () => Object.values(controllers).forEach((c) => c.start())
  let elector: LeaderElector | undefined
  if (config.LEADER_ELECTION) {
    elector = new LeaderElector({
      kube,
      logger,
      namespace: config.POD_NAMESPACE,
      name: config.LEASE_NAME,
      identity: config.POD_NAME,
    })
    elector.run({
      onStarted: startControllers,
      onStopped: () => {
        logger.fatal('lost the leader lease: stopping so that only one replica reconciles')
        ;(deps.onLostLeadership ?? (() => undefined))()
      },
    })
  } else startControllers()

  const http = await startHealthServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logger,
    registry,
    ready: () => synced,
  })
  const httpPort = http.port
  logger.info(
    { httpPort, namespaces: config.WATCH_NAMESPACES, leaderElection: config.LEADER_ELECTION },
    'operator started',
  )

  return {
    httpPort,
    controllers,
    async stop() {
      synced = false
      await http.close()
      await elector?.stop()
      await Promise.all(Object.values(controllers).map((c) => c.stop()))
      await Promise.all(informers.map((i) => i.stop()))
      if (!deps.admin) admin.close()
      if (!deps.secrets) secrets.close()
    },
  }
}
