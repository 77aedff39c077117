import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos, type SecretsClient } from '@switchboard/proto'
import type { Condition } from '@switchboard/resources'
import { READER_TOKEN } from '@switchboard/secrets/testing'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOperator, type Operator } from './app.js'
import { operatorEnv } from './config.js'
import { TYPES, type KubeObject } from './kube/api.js'
import { LeaderElector, microTime } from './leader/lease.js'
import { FakeKube } from './testing/fake-kube.js'
import {
  NS,
  bot,
  bundleConfigMap,
  installation,
  integration,
  rollOut,
  secret,
  startFixture,
  type Fixture,
} from './testing/fixture.js'

const logger = createLogger({ service: 'operator', level: 'silent' })
const ready = (o: KubeObject | undefined) =>
  ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready')
    ?.status === 'True'

describe('the operator: informers, work queues and leader election over the fake API', () => {
  let f: Fixture
  let reader: SecretsClient
  const operators: Operator[] = []
  let kubelet: NodeJS.Timeout

  const config = (pod: string) =>
    loadConfig(operatorEnv, {
      ADMIN_GRPC_URL: `127.0.0.1:${f.chat.api.grpcPort}`,
      ADMIN_TOKEN: 'test-admin-token-0123456789',
      SECRETS_GRPC_URL: `127.0.0.1:${f.secretsSvc.service.grpcPort}`,
      SECRETS_ADMIN_TOKEN: 'test-admin-token-0123456789',
      PUBLIC_WEBHOOK_BASE_URL: 'https://hooks.example.com',
      CHAT_API_URL: 'http://chat-api.switchboard.svc:8081',
      RUNNER_IMAGE: 'switchboard/runner:test',
      DISPATCHER_NAMESPACE: 'switchboard',
      DISPATCHER_POD_LABELS: 'app.kubernetes.io/component=dispatcher',
      POD_NAMESPACE: 'switchboard',
      POD_NAME: pod,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    })

  beforeAll(async () => {
    f = await startFixture()
    reader = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${f.secretsSvc.service.grpcPort}`, {
      token: READER_TOKEN,
    })
    for (const o of [
      bundleConfigMap(),
      secret('webhook-secrets', { API_KEY: 'k-1' }),
      secret('bot-signing', { secret: 'signing-secret' }),
      secret('hook-config', { apiKey: 'first-api-key' }),
    ])
      await f.kube.create(o)
    // The kubelet (pods become ready) and the dispatcher (register and unregister succeed).
    kubelet = setInterval(() => {
      void rollOut(f.kube).catch(() => undefined)
      void f.chat.admin
        .ListInstallations({ botId: '', integrationId: '' })
        .then(async ({ installations }) => {
          for (const i of installations) {
            const state = i.registration?.state
            if (i.enabled && state === 'pending')
              await f.chat.admin.ReportRegistration({
                installationId: i.id,
                operation: 'register',
                ok: true,
                message: '',
                final: true,
              })
            if (state === 'unregistering')
              await f.chat.admin.ReportRegistration({
                installationId: i.id,
                operation: 'unregister',
                ok: true,
                message: '',
                final: true,
              })
          }
        })
        .catch(() => undefined)
    }, 100)
  })

  afterAll(async () => {
    clearInterval(kubelet)
    for (const op of operators) await op.stop()
    reader?.close()
    await f?.close()
  })

  it('reconciles applied resources to Ready on the leader only, and follows a Secret change', async () => {
    operators.push(
      await startOperator(config('operator-a'), logger, {
        kube: f.kube,
        admin: f.chat.admin,
        secrets: f.secretsSvc.callers.admin,
      }),
    )
    await waitFor(
      'operator-a to lead',
      async () =>
        (await f.kube.get({ ...TYPES.Lease, namespace: 'switchboard', name: 'switchboard-operator' }))?.spec,
    )
    operators.push(
      await startOperator(config('operator-b'), logger, {
        kube: f.kube,
        admin: f.chat.admin,
        secrets: f.secretsSvc.callers.admin,
      }),
    )

    await f.kube.create(integration())
    await f.kube.create(bot())
    await f.kube.create(installation())
    const get = (type: (typeof TYPES)[keyof typeof TYPES], name: string) =>
      f.kube.get({ ...type, namespace: NS, name })
    await waitFor(
      'the installation to be Ready',
      async () => ready(await get(TYPES.Installation, 'support-webhook')),
      15_000,
    )
    expect(ready(await get(TYPES.Integration, 'webhook'))).toBe(true)

    const lease = await f.kube.get({ ...TYPES.Lease, namespace: 'switchboard', name: 'switchboard-operator' })
    expect((lease!.spec as { holderIdentity: string }).holderIdentity).toBe('operator-a')
    const metrics = async (op: Operator) => (await fetch(`http://127.0.0.1:${op.httpPort}/metrics`)).text()
    expect(await metrics(operators[0]!)).toMatch(
      /switchboard_operator_reconciles_total\{[^}]*outcome="ok"[^}]*\} [1-9]/,
    )
    expect(await metrics(operators[1]!)).not.toMatch(/switchboard_operator_reconciles_total\{/)

    // A change to the configurationFrom Secret reaches the secrets service through the Secret informer.
    const s = (await get(TYPES.Secret, 'hook-config'))!
    await f.kube.update({ ...s, data: { apiKey: Buffer.from('second-api-key').toString('base64') } })
    const id = ((await get(TYPES.Installation, 'support-webhook'))!.status as { installationId: string })
      .installationId
    await waitFor('the new configuration', async () => {
      const c = await reader.GetConfiguration({ installationId: id })
      return JSON.parse(c.configurationJson).apiKey === 'second-api-key'
    })

    // The leader stops and gives the lease up; the other replica takes over and handles a delete.
    await operators.shift()!.stop()
    await waitFor(
      'operator-b to lead',
      async () => {
        const l = await f.kube.get({ ...TYPES.Lease, namespace: 'switchboard', name: 'switchboard-operator' })
        return (l?.spec as { holderIdentity?: string } | undefined)?.holderIdentity === 'operator-b'
      },
      10_000,
    )
    await f.kube.delete({ ...TYPES.Installation, namespace: NS, name: 'support-webhook' })
    await waitFor(
      'the installation to be deleted',
      async () => !(await get(TYPES.Installation, 'support-webhook')),
      15_000,
    )
    await expect(f.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })).rejects.toThrow(
      /not found/i,
    )
  })
})

describe('LeaderElector', () => {
  it('gives the lease to one replica, and to another once it expires', async () => {
    const kube = new FakeKube()
    const elector = (identity: string) =>
      new LeaderElector({ kube, logger, namespace: 'ns', name: 'lease', identity, leaseDurationMs: 15_000 })
    const a = elector('a')
    const b = elector('b')
    const t0 = new Date('2026-01-01T00:00:00Z')
    const [ra, rb] = await Promise.all([a.tryAcquireOrRenew(t0), b.tryAcquireOrRenew(t0)])
    expect([ra, rb].filter(Boolean)).toHaveLength(1) // the create races: one wins, one gets a 409
    const leader = ra ? 'a' : 'b'
    const [lead, follow] = ra ? [a, b] : [b, a]
    expect(await follow.tryAcquireOrRenew(new Date(t0.getTime() + 10_000))).toBe(false)
    expect(await lead.tryAcquireOrRenew(new Date(t0.getTime() + 10_000))).toBe(true)
    // The leader stopped renewing at +10 s; at +26 s the lease has expired.
    expect(await follow.tryAcquireOrRenew(new Date(t0.getTime() + 26_000))).toBe(true)
    const spec = (await kube.get({ ...TYPES.Lease, namespace: 'ns', name: 'lease' }))!.spec as Record<
      string,
      unknown
    >
    expect(spec.holderIdentity).not.toBe(leader)
    expect(spec.leaseTransitions).toBe(1)
    expect(spec.renewTime).toBe(microTime(new Date(t0.getTime() + 26_000)))
    expect(spec.renewTime).toMatch(/\.\d{6}Z$/)
  })

  it('loses to a concurrent writer with a stale resourceVersion', async () => {
    const kube = new FakeKube()
    const a = new LeaderElector({ kube, logger, namespace: 'ns', name: 'lease', identity: 'a' })
    expect(await a.tryAcquireOrRenew()).toBe(true)
    kube.failNext('update', 'Lease')
    expect(await a.tryAcquireOrRenew()).toBe(false)
  })
})
