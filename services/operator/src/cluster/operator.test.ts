import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { ADMIN_TOKEN } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { startPlatform, startSink, type Platform, type Sink } from '@switchboard/dispatcher/testing'
import { ConflictError } from '@switchboard/errors'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos, type SecretsClient } from '@switchboard/proto'
import type { Condition } from '@switchboard/resources'
import { SANDBOX_LABELS } from '@switchboard/sandbox'
import { ADMIN_TOKEN as SECRETS_ADMIN_TOKEN, READER_TOKEN } from '@switchboard/secrets/testing'
import { waitFor } from '@switchboard/testing'
import { stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOperator, type Operator } from '../app.js'
import { operatorEnv } from '../config.js'
import { TYPES, type KubeObject } from '../kube/api.js'
import { ClientNodeKube } from '../kube/client.js'
import { installChart, pathOf, rollOutDeployments } from '../testing/cluster.js'
import { controlPlaneAvailable, startControlPlane, type ControlPlane } from '../testing/control-plane.js'

/**
 * The operator out of cluster against a real kube-apiserver + etcd, acting with a TokenRequest token of
 * the chart's own ServiceAccount (so the chart's RBAC is what allows or refuses each call), beside a
 * real chat-api, secrets, ingress and dispatcher (process sandboxes: no kubelet runs here, so the
 * sandbox Deployments the operator creates never start pods; the test writes their rolled-out status
 * as the Deployment controller would).
 */
const run = promisify(execFile)
const logger = createLogger({ service: 'operator', level: process.env.SB_TEST_LOG_LEVEL ?? 'silent' })
const NS = 'team-a'
const RELEASE_NS = 'switchboard'
const SA = 'sb-switchboard-operator'

type Status = {
  conditions?: Condition[]
  observedGeneration?: number
  webhookUrl?: string
  installationId?: string
}
const statusOf = (o: KubeObject | undefined) => (o?.status ?? {}) as Status
const condition = (o: KubeObject | undefined, type: string) =>
  statusOf(o).conditions?.find((c) => c.type === type)
const ready = (o: KubeObject | undefined) => condition(o, 'Ready')?.status === 'True'

describe.skipIf(!controlPlaneAvailable())(
  'the operator against a real API server, with the chart’s RBAC',
  () => {
    let cp: ControlPlane
    let p: Platform
    let sinks: Sink[]
    let kube: ClientNodeKube
    let admin: ClientNodeKube
    let reader: SecretsClient
    const operators: Operator[] = []
    let kubelet: NodeJS.Timeout | undefined
    const kubectlCache = join(tmpdir(), `sb-kubectl-cache-${process.pid}`)

    const config = (pod: string) =>
      loadConfig(operatorEnv, {
        ADMIN_GRPC_URL: `127.0.0.1:${p.chat.api.grpcPort}`,
        ADMIN_TOKEN,
        SECRETS_GRPC_URL: `127.0.0.1:${p.secrets.service.grpcPort}`,
        SECRETS_ADMIN_TOKEN,
        PUBLIC_WEBHOOK_BASE_URL: p.ingressUrl,
        CHAT_API_URL: 'http://sb-switchboard-chat-api.switchboard.svc:8081',
        RUNNER_IMAGE: 'ghcr.io/switchboard/runner:test',
        DISPATCHER_NAMESPACE: RELEASE_NS,
        DISPATCHER_POD_LABELS: 'app.kubernetes.io/instance=sb,app.kubernetes.io/component=dispatcher',
        POD_NAMESPACE: RELEASE_NS,
        POD_NAME: pod,
        LEASE_NAME: SA, // the one Lease name the chart's leader Role grants
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
      })
    const get = (type: { apiVersion: string; kind: string }, name: string, namespace = NS) =>
      admin.get<KubeObject>({ ...type, namespace, name })
    const kubectl = async (args: string[], input?: string) => {
      const child = run('kubectl', ['--kubeconfig', cp.kubeconfigPath, '--cache-dir', kubectlCache, ...args])
      if (input !== undefined) child.child.stdin!.end(input)
      return (await child).stdout
    }
    const applyInstallation = (spec: Record<string, unknown>) =>
      kubectl(
        ['apply', '-f', '-'],
        stringify({
          apiVersion: 'switchboard.dev/v1alpha1',
          kind: 'Installation',
          metadata: { name: 'echo-webhook', namespace: NS },
          spec: {
            botRef: { name: 'echo-bot' },
            integrationRef: { name: 'webhook' },
            alias: 'webhook',
            configurationFrom: { name: 'hook-config' },
            ...spec,
          },
        }),
      )
    const webhook = async (text: string) => {
      const url = statusOf(await get(TYPES.Installation, 'echo-webhook')).webhookUrl!
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: 'conv-1', userId: 'user-1', text }),
      })
      expect(res.status).toBeLessThan(300)
    }
    const lease = async () =>
      (await get(TYPES.Lease, SA, RELEASE_NS))?.spec as { holderIdentity?: string } | undefined

    beforeAll(async () => {
      ;[cp, p, sinks] = await Promise.all([
        startControlPlane(),
        startPlatform(),
        Promise.all([startSink(), startSink()]),
      ])
      await installChart(cp, { release: 'sb', namespace: RELEASE_NS })
      kube = new ClientNodeKube(cp.kubeConfig(await cp.serviceAccountToken(RELEASE_NS, SA)))
      admin = new ClientNodeKube(cp.kubeConfig())
      reader = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${p.secrets.service.grpcPort}`, {
        token: READER_TOKEN,
      })
      await kubectl(['create', 'namespace', NS])
      const bundleMap = (name: string, bundle: Buffer) => ({
        ...TYPES.ConfigMap,
        metadata: { name, namespace: NS },
        binaryData: { 'bundle.cjs.gz': gzipSync(bundle).toString('base64') },
      })
      await admin.create(bundleMap('webhook-bundle', p.example.bundle))
      await admin.create(bundleMap('echo-bot-bundle', p.echoBot.bundle))
      await admin.create({
        ...TYPES.Secret,
        metadata: { name: 'hook-config', namespace: NS },
        stringData: { url: sinks[0]!.url },
      })
      // Stands in for the Deployment controller and the kubelet (see above).
      kubelet = setInterval(
        () =>
          void rollOutDeployments(cp, NS, `${SANDBOX_LABELS.managedBy}=switchboard-operator`).catch(
            () => undefined,
          ),
        250,
      )
    }, 240_000)

    afterAll(async () => {
      clearInterval(kubelet)
      for (const op of operators) await op.stop()
      reader?.close()
      await Promise.all(sinks?.map((s) => s.close()) ?? [])
      await p?.close()
      await cp?.stop()
      await rm(kubectlCache, { recursive: true, force: true })
    })

    it('two replicas, one leader: Integration, Bot and an Installation applied with kubectl reach Ready', async () => {
      operators.push(await startOperator(config('operator-a'), logger, { kube }))
      await waitFor(
        'operator-a to hold the Lease',
        async () => (await lease())?.holderIdentity === 'operator-a',
      )
      operators.push(await startOperator(config('operator-b'), logger, { kube }))

      await admin.create({
        ...TYPES.Integration,
        metadata: { name: 'webhook', namespace: NS },
        spec: {
          definition: p.example.definition,
          bundle: { configMapRef: { name: 'webhook-bundle', key: 'bundle.cjs.gz' } },
          runtime: { replicas: 1, memory: '128Mi' },
        },
      })
      await admin.create({
        ...TYPES.Bot,
        metadata: { name: 'echo-bot', namespace: NS },
        spec: { bundle: { configMapRef: { name: 'echo-bot-bundle', key: 'bundle.cjs.gz' } } },
      })
      await applyInstallation({ enabled: true })

      await waitFor(
        'the Installation to be Ready',
        async () => ready(await get(TYPES.Installation, 'echo-webhook')),
        60_000,
      )
      const inst = (await get(TYPES.Installation, 'echo-webhook'))!
      for (const type of ['Configured', 'Registered', 'Ready'])
        expect(condition(inst, type), type).toMatchObject({
          status: 'True',
          observedGeneration: inst.metadata.generation,
        })
      expect(statusOf(inst).observedGeneration).toBe(inst.metadata.generation)
      expect(inst.metadata.finalizers).toContain('switchboard.dev/finalizer')
      await waitFor(
        'the Integration and the Bot to be Ready',
        async () => ready(await get(TYPES.Integration, 'webhook')) && ready(await get(TYPES.Bot, 'echo-bot')),
        60_000,
      )

      // Only the leader reconciled.
      expect((await lease())?.holderIdentity).toBe('operator-a')
      const metrics = async (op: Operator) => (await fetch(`http://127.0.0.1:${op.httpPort}/metrics`)).text()
      expect(await metrics(operators[0]!)).toMatch(
        /switchboard_operator_reconciles_total\{[^}]*outcome="ok"[^}]*\} [1-9]/,
      )
      expect(await metrics(operators[1]!)).not.toMatch(/switchboard_operator_reconciles_total\{/)
    }, 90_000)

    it('the sandbox Deployment, Service and NetworkPolicy were created and accepted by the server', async () => {
      const integrationId = (statusOf(await get(TYPES.Integration, 'webhook')) as { integrationId?: string })
        .integrationId!
      const selector = encodeURIComponent(`${SANDBOX_LABELS.key}=${integrationId}`)
      for (const [api, plural] of [
        ['/apis/apps/v1', 'deployments'],
        ['/api/v1', 'services'],
        ['/apis/networking.k8s.io/v1', 'networkpolicies'],
      ] as const) {
        const res = await cp.request('GET', `${api}/namespaces/${NS}/${plural}?labelSelector=${selector}`)
        const items = res.json<{ items: KubeObject[] }>().items
        expect(items, plural).toHaveLength(1)
        expect(items[0]!.metadata.ownerReferences?.[0]).toMatchObject({
          kind: 'Integration',
          name: 'webhook',
        })
      }
      const deployment = (
        await cp.request('GET', `/apis/apps/v1/namespaces/${NS}/deployments?labelSelector=${selector}`)
      ).json<{ items: { spec: { template: { spec: Record<string, unknown> } } }[] }>().items[0]!
      // Defaulted and stored by the server as sent: no token, non-root, read-only root filesystem.
      expect(deployment.spec.template.spec).toMatchObject({ automountServiceAccountToken: false })
      expect(JSON.stringify(deployment.spec.template.spec)).toMatch(/"readOnlyRootFilesystem":true/)
      const policy = (
        await cp.request(
          'GET',
          `/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies?labelSelector=${selector}`,
        )
      ).json<{ items: KubeObject[] }>().items[0]!
      expect(JSON.stringify(policy.spec)).toMatch(/169\.254\.169\.254\/32/)
    }, 90_000)

    it('a webhook reaches the example integration through ingress and the dispatcher; the bot’s answer leaves it', async () => {
      await webhook('hello')
      await waitFor(
        'the echo at the configured URL',
        () => sinks[0]!.received.some((b) => b.text === 'echo: hello'),
        60_000,
      )
    }, 90_000)

    it('a change to the configurationFrom Secret reaches the secrets service and the integration', async () => {
      const s = (await get(TYPES.Secret, 'hook-config'))!
      await admin.update({ ...s, data: { url: Buffer.from(sinks[1]!.url).toString('base64') } })
      const id = statusOf(await get(TYPES.Installation, 'echo-webhook')).installationId!
      await waitFor('the new configuration', async () => {
        const c = await reader.GetConfiguration({ installationId: id })
        return JSON.parse(c.configurationJson).url === sinks[1]!.url
      })
      await webhook('second')
      await waitFor(
        'the echo at the new URL',
        () => sinks[1]!.received.some((b) => b.text === 'echo: second'),
        60_000,
      )
    }, 90_000)

    it('a spec change is observed (observedGeneration), and a stale status write is a conflict', async () => {
      const before = (await get(TYPES.Installation, 'echo-webhook'))!
      await applyInstallation({ enabled: false })
      await waitFor('the disabled installation to be observed', async () => {
        const o = await get(TYPES.Installation, 'echo-webhook')
        return (
          statusOf(o).observedGeneration === before.metadata.generation! + 1 &&
          condition(o, 'Registered')?.reason === 'Disabled'
        )
      })
      const current = await p.chat.admin.GetInstallation({
        id: statusOf(before).installationId!,
        webhookId: '',
        botId: '',
        alias: '',
      })
      expect(current.enabled).toBe(false)
      // What a reconciler holding the object from before the change would write: the server refuses it.
      await expect(
        kube.updateStatus({ ...before, status: { observedGeneration: 99 } }),
      ).rejects.toBeInstanceOf(ConflictError)
    }, 90_000)

    it('the watches survive an API server restart', async () => {
      await cp.restartApiServer()
      const gen = (await get(TYPES.Installation, 'echo-webhook'))!.metadata.generation!
      await applyInstallation({ enabled: true })
      await waitFor(
        'Ready again after the restart',
        async () => {
          const o = await get(TYPES.Installation, 'echo-webhook')
          return ready(o) && statusOf(o).observedGeneration === gen + 1
        },
        120_000,
      )
    }, 150_000)

    it('the leader stops: the other replica takes the Lease; deleting runs unregister and removes the finalizer', async () => {
      await operators.shift()!.stop()
      await waitFor(
        'operator-b to lead',
        async () => (await lease())?.holderIdentity === 'operator-b',
        60_000,
      )
      const id = statusOf(await get(TYPES.Installation, 'echo-webhook')).installationId!
      await kubectl(['delete', 'installation', 'echo-webhook', '-n', NS, '--wait=false'])
      // chat-api deletes a non-forced installation only once the dispatcher reports unregister's outcome.
      await waitFor(
        'the Installation to be gone',
        async () => !(await get(TYPES.Installation, 'echo-webhook')),
        60_000,
      )
      await expect(p.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })).rejects.toThrow(
        /not found/i,
      )
      await expect(reader.GetConfiguration({ installationId: id })).rejects.toThrow(/not found/i)
      expect(
        (
          await cp.request(
            'GET',
            pathOf({ ...TYPES.Installation, metadata: { name: 'echo-webhook', namespace: NS } }),
          )
        ).status,
      ).toBe(404)
    }, 90_000)
  },
)
