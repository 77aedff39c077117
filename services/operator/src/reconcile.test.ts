import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { ConflictError } from '@switchboard/errors'
import { promiseClient, protos, type SecretsClient } from '@switchboard/proto'
import type { Condition } from '@switchboard/resources'
import { READER_TOKEN } from '@switchboard/secrets/testing'
import { sandboxName } from '@switchboard/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Controller } from './controller/controller.js'
import { TYPES, type KubeObject } from './kube/api.js'
import { FINALIZER } from './controller/status.js'
import {
  BUNDLE,
  NS,
  bot,
  bundleConfigMap,
  installation,
  integration,
  rollOut,
  secret,
  settle,
  startFixture,
  type Fixture,
} from './testing/fixture.js'

const key = (name: string) => `${NS}/${name}`
const cond = (o: KubeObject | undefined, type: string) =>
  ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type)
const status = <T = Record<string, string>>(o: KubeObject | undefined) => (o?.status ?? {}) as T

let f: Fixture
let reader: SecretsClient

const get = (type: (typeof TYPES)[keyof typeof TYPES], name: string) =>
  f.kube.get({ ...type, namespace: NS, name })
const events = (reason: string) =>
  f.kube.all(TYPES.Event).filter((e) => (e as { reason?: string }).reason === reason) as (KubeObject & {
    message: string
    type: string
  })[]

/** What the dispatcher does after running `register`: reports the outcome to chat-api. */
async function report(operation: 'register' | 'unregister', ok: boolean, message = '', final = true) {
  const installationId = status(await get(TYPES.Installation, 'support-webhook')).installationId!
  await f.chat.admin.ReportRegistration({ installationId, operation, ok, message, final })
}

async function updateSpec(
  type: (typeof TYPES)[keyof typeof TYPES],
  name: string,
  edit: (spec: Record<string, unknown>) => void,
) {
  const o = (await get(type, name))!
  edit(o.spec as Record<string, unknown>)
  await f.kube.update(o)
}

beforeAll(async () => {
  f = await startFixture()
  reader = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${f.secretsSvc.service.grpcPort}`, {
    token: READER_TOKEN,
  })
  await f.kube.create(bundleConfigMap())
  await f.kube.create(secret('webhook-secrets', { API_KEY: 'integration-secret-value-1' }))
  await f.kube.create(secret('bot-signing', { secret: 'bot-signing-secret-value' }))
  await f.kube.create(secret('hook-config', { apiKey: 'configuration-secret-1' }))
})

afterAll(async () => {
  reader?.close()
  await f?.close()
})

describe('reconcilers against the real admin and secrets services', () => {
  it('creates: publishes the integration and bot, keeps the sandbox, installs, configures, enables', async () => {
    await f.kube.create(integration())
    await f.kube.create(bot())
    await f.kube.create(installation())

    // Integration: published, secrets stored, sandbox objects created, not ready until the pods are.
    let r = await settle(f.integrations, key('webhook'))
    let intg = await get(TYPES.Integration, 'webhook')
    expect(intg!.metadata.finalizers).toEqual([FINALIZER])
    expect(cond(intg, 'Published')).toMatchObject({
      status: 'True',
      reason: 'Published',
      observedGeneration: 1,
    })
    expect(cond(intg, 'SandboxReady')).toMatchObject({ status: 'False' })
    expect(r.requeueAfterMs).toBeGreaterThan(0)
    const integrationId = status(intg).integrationId!
    expect(status(intg).bundleSha256).toBe(createHash('sha256').update(BUNDLE).digest('hex'))
    const registered = await f.chat.admin.GetIntegration({ id: integrationId, name: '', version: '' })
    expect(registered).toMatchObject({
      name: 'webhook',
      version: '0.1.0',
      webhook: { idempotencyKey: 'header:X-Delivery-Id' },
    })
    expect((await reader.GetIntegrationSecrets({ integrationId })).secrets).toEqual({
      API_KEY: 'integration-secret-value-1',
    })

    const name = sandboxName(integrationId)
    for (const type of [TYPES.Deployment, TYPES.Service, TYPES.NetworkPolicy])
      expect(await get(type, name)).toBeDefined()
    const deployment = (await get(TYPES.Deployment, name))!
    const pod = (
      deployment.spec as {
        template: { spec: { runtimeClassName: string; containers: { envFrom: unknown }[] } }
      }
    ).template.spec
    expect(pod.runtimeClassName).toBe('gvisor')
    expect(pod.containers[0]!.envFrom).toEqual([
      { prefix: 'SECRET_', secretRef: { name: 'webhook-secrets' } },
    ])
    expect(await get(TYPES.Secret, `${name}-token`)).toBeDefined()

    await rollOut(f.kube)
    r = await settle(f.integrations, key('webhook'))
    intg = await get(TYPES.Integration, 'webhook')
    expect(cond(intg, 'Ready')).toMatchObject({ status: 'True', reason: 'Ready' })
    expect(r).toEqual({})

    // Bot: published with its endpoint.
    await settle(f.bots, key('support-bot'))
    const b = await get(TYPES.Bot, 'support-bot')
    expect(cond(b, 'Ready')?.status).toBe('True')
    const botId = status(b).botId!

    // Installation: created disabled, configuration stored, then enabled (register pending).
    r = await settle(f.installations, key('support-webhook'))
    let inst = await get(TYPES.Installation, 'support-webhook')
    const st = status<{ installationId: string; webhookId: string; webhookUrl: string }>(inst)
    expect(st.webhookUrl).toBe(`https://hooks.example.com/${st.webhookId}`)
    expect(cond(inst, 'Configured')).toMatchObject({ status: 'True', reason: 'ConfigurationStored' })
    expect(cond(inst, 'Registered')).toMatchObject({ status: 'Unknown', reason: 'RegisterPending' })
    expect(r.requeueAfterMs).toBeGreaterThan(0)
    const remote = await f.chat.admin.GetInstallation({
      id: st.installationId,
      webhookId: '',
      botId: '',
      alias: '',
    })
    expect(remote).toMatchObject({
      botId,
      integrationId,
      alias: 'hook',
      enabled: true,
      webhookId: st.webhookId,
    })
    const stored = JSON.parse(
      (await reader.GetConfiguration({ installationId: st.installationId })).configurationJson,
    )
    expect(stored).toEqual({ url: 'https://example.com/out', apiKey: 'configuration-secret-1' })

    // The dispatcher ran register: Registered and Ready.
    await report('register', true)
    await settle(f.installations, key('support-webhook'))
    inst = await get(TYPES.Installation, 'support-webhook')
    expect(cond(inst, 'Registered')).toMatchObject({ status: 'True', reason: 'Registered' })
    expect(cond(inst, 'Ready')).toMatchObject({ status: 'True', reason: 'Ready', observedGeneration: 1 })
    expect(status<{ observedGeneration: number }>(inst).observedGeneration).toBe(1)
    expect(events('Created')).toHaveLength(1)
    expect(events('Configured')).toHaveLength(1)
  })

  it('never copies a secret value into another object, an event or a log line', async () => {
    const values = ['integration-secret-value-1', 'bot-signing-secret-value', 'configuration-secret-1']
    const ours = new Set(['webhook-secrets', 'bot-signing', 'hook-config'])
    const everything = [
      TYPES.Integration,
      TYPES.Bot,
      TYPES.Installation,
      TYPES.Event,
      TYPES.Deployment,
      TYPES.Service,
      TYPES.Secret,
      TYPES.NetworkPolicy,
    ]
      .flatMap((t) => f.kube.all(t))
      .filter((o) => !(o.kind === 'Secret' && ours.has(o.metadata.name)))
    const text = JSON.stringify(everything) + f.logs.join('\n')
    for (const v of values) {
      expect(text).not.toContain(v)
      expect(text).not.toContain(Buffer.from(v).toString('base64'))
    }
  })

  it('reports a failed register with the handler’s message', async () => {
    await report('register', false, 'the provider refused the bot token', false)
    const r = await settle(f.installations, key('support-webhook'))
    const inst = await get(TYPES.Installation, 'support-webhook')
    expect(cond(inst, 'Registered')).toMatchObject({
      status: 'False',
      reason: 'RegisterFailed',
      message: 'the provider refused the bot token',
    })
    expect(cond(inst, 'Ready')).toMatchObject({ status: 'False', reason: 'RegisterFailed' })
    expect(r.requeueAfterMs).toBeGreaterThan(0) // polls while the dispatcher retries
    expect(events('RegisterFailed').map((e) => e.type)).toEqual(['Warning'])
    await report('register', true)
    await settle(f.installations, key('support-webhook'))
    expect(cond(await get(TYPES.Installation, 'support-webhook'), 'Ready')?.status).toBe('True')
  })

  it('picks up a changed configurationFrom Secret and re-stores the configuration', async () => {
    const s = (await get(TYPES.Secret, 'hook-config'))!
    await f.kube.update({ ...s, data: { apiKey: Buffer.from('configuration-secret-2').toString('base64') } })
    await settle(f.installations, key('support-webhook'))
    const id = status(await get(TYPES.Installation, 'support-webhook')).installationId!
    const stored = JSON.parse((await reader.GetConfiguration({ installationId: id })).configurationJson)
    expect(stored.apiKey).toBe('configuration-secret-2')
  })

  it('picks up a changed secretsFrom Secret: stored again, and the sandbox pods restart', async () => {
    const id = status(await get(TYPES.Integration, 'webhook')).integrationId!
    const before = (await get(TYPES.Deployment, sandboxName(id)))!
    const s = (await get(TYPES.Secret, 'webhook-secrets'))!
    await f.kube.update({
      ...s,
      data: { API_KEY: Buffer.from('integration-secret-value-2').toString('base64') },
    })
    await settle(f.integrations, key('webhook'))
    expect((await reader.GetIntegrationSecrets({ integrationId: id })).secrets.API_KEY).toBe(
      'integration-secret-value-2',
    )
    const after = (await get(TYPES.Deployment, sandboxName(id)))!
    const version = (d: KubeObject) =>
      (d.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata
        .annotations['switchboard.dev/secrets-version']
    expect(version(after)).not.toBe(version(before))
    expect(version(after)).toBe((await get(TYPES.Secret, 'webhook-secrets'))!.metadata.resourceVersion)
  })

  it('updates: an invalid configuration is refused naming the field, and the old one stays in use', async () => {
    await updateSpec(
      TYPES.Installation,
      'support-webhook',
      (spec) => (spec.configuration = { url: 'not a url' }),
    )
    await settle(f.installations, key('support-webhook'))
    const inst = await get(TYPES.Installation, 'support-webhook')
    const configured = cond(inst, 'Configured')!
    expect(configured).toMatchObject({
      status: 'False',
      reason: 'InvalidConfiguration',
      observedGeneration: 2,
    })
    expect(configured.message).toMatch(/url/)
    expect(cond(inst, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidConfiguration' })

    await updateSpec(
      TYPES.Installation,
      'support-webhook',
      (spec) => (spec.configuration = { url: 'https://example.com/v2' }),
    )
    await settle(f.installations, key('support-webhook'))
    const ok = await get(TYPES.Installation, 'support-webhook')
    expect(cond(ok, 'Configured')).toMatchObject({ status: 'True', observedGeneration: 3 })
    const stored = JSON.parse(
      (await reader.GetConfiguration({ installationId: status(ok).installationId! })).configurationJson,
    )
    expect(stored.url).toBe('https://example.com/v2')
  })

  it('updates: disabling and enabling follow spec.enabled', async () => {
    await updateSpec(TYPES.Installation, 'support-webhook', (spec) => (spec.enabled = false))
    await settle(f.installations, key('support-webhook'))
    let inst = await get(TYPES.Installation, 'support-webhook')
    const id = status(inst).installationId!
    expect((await f.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })).enabled).toBe(
      false,
    )
    expect(cond(inst, 'Registered')).toMatchObject({ status: 'False', reason: 'Disabled' })

    await updateSpec(TYPES.Installation, 'support-webhook', (spec) => (spec.enabled = true))
    await settle(f.installations, key('support-webhook'))
    inst = await get(TYPES.Installation, 'support-webhook')
    expect((await f.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })).enabled).toBe(
      true,
    )
    expect(cond(inst, 'Registered')?.reason).toBe('RegisterPending') // enabling again runs register
    await report('register', true)
    await settle(f.installations, key('support-webhook'))
  })

  it('updates: a new integration version gets its own sandbox, the installation moves, the old sandbox goes', async () => {
    const oldId = status(await get(TYPES.Integration, 'webhook')).integrationId!
    const cm = (await get(TYPES.ConfigMap, 'webhook-bundle'))!
    const v2 = `${BUNDLE}// v2\n`
    await f.kube.update({ ...cm, binaryData: { 'bundle.cjs.gz': gzipSync(v2).toString('base64') } })
    await updateSpec(
      TYPES.Integration,
      'webhook',
      (spec) => ((spec.definition as { version: string }).version = '0.2.0'),
    )
    await settle(f.integrations, key('webhook'))
    const newId = status(await get(TYPES.Integration, 'webhook')).integrationId!
    expect(newId).not.toBe(oldId)
    expect(await get(TYPES.Deployment, sandboxName(newId))).toBeDefined()
    expect(await get(TYPES.Deployment, sandboxName(oldId))).toBeDefined() // still installed on the old version

    await settle(f.installations, key('support-webhook'))
    const id = status(await get(TYPES.Installation, 'support-webhook')).installationId!
    expect(
      (await f.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })).integrationId,
    ).toBe(newId)
    await report('register', true)

    await rollOut(f.kube)
    await settle(f.integrations, key('webhook'))
    expect(await get(TYPES.Deployment, sandboxName(oldId))).toBeUndefined()
    expect(await get(TYPES.Secret, `${sandboxName(oldId)}-token`)).toBeUndefined()
    expect(events('SandboxRemoved')).toHaveLength(1)
  })

  it('requeues a status write that hits a conflict, with backoff, and succeeds on the next pass', async () => {
    const controller = new Controller({
      name: 'installation',
      reconcile: (k) => f.installations.reconcile(k),
      logger: f.deps.logger,
    })
    await updateSpec(
      TYPES.Installation,
      'support-webhook',
      (spec) => (spec.configuration = { url: 'https://example.com/v3' }),
    )
    f.kube.failNext('updateStatus', 'Installation')
    const first = await controller.runOnce(key('support-webhook'))
    expect(first).toBeInstanceOf(ConflictError)
    expect(controller.queue.retries(key('support-webhook'))).toBe(1)
    const second = await controller.runOnce(key('support-webhook'))
    expect(second).not.toBeInstanceOf(Error)
    expect(controller.queue.retries(key('support-webhook'))).toBe(0)
    await controller.stop()
    await settle(f.installations, key('support-webhook'))
    expect(cond(await get(TYPES.Installation, 'support-webhook'), 'Configured')?.status).toBe('True')
  })

  it('updates: a configurationType the integration lacks is refused naming it; without it the default configuration is used', async () => {
    await updateSpec(TYPES.Installation, 'support-webhook', (spec) => (spec.configurationType = 'oauth'))
    await settle(f.installations, key('support-webhook'))
    const refused = await get(TYPES.Installation, 'support-webhook')
    expect(cond(refused, 'Configured')).toMatchObject({ status: 'False', reason: 'InvalidConfiguration' })
    expect(cond(refused, 'Configured')!.message).toContain('configurationType "oauth"')
    const id = status(refused).installationId!
    expect(
      (await f.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })).configurationType,
    ).toBe('')

    await updateSpec(TYPES.Installation, 'support-webhook', (spec) => delete spec.configurationType)
    await settle(f.installations, key('support-webhook'))
    expect(cond(await get(TYPES.Installation, 'support-webhook'), 'Configured')).toMatchObject({
      status: 'True',
    })
  })

  it('deletes: unregister runs, the finalizer waits until the installation is gone, then the configuration goes', async () => {
    const inst = (await get(TYPES.Installation, 'support-webhook'))!
    const id = status(inst).installationId!
    await f.kube.delete({ ...TYPES.Installation, namespace: NS, name: 'support-webhook' })
    await settle(f.installations, key('support-webhook'))
    const remote = await f.chat.admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' })
    expect(remote.registration?.state).toBe('unregistering')
    expect(await get(TYPES.Installation, 'support-webhook')).toBeDefined() // held by the finalizer
    expect(cond(await get(TYPES.Installation, 'support-webhook'), 'Ready')?.reason).toBe('Unregistering')

    // The Integration cannot go while the installation exists.
    await f.kube.delete({ ...TYPES.Integration, namespace: NS, name: 'webhook' })
    await settle(f.integrations, key('webhook'))
    expect(cond(await get(TYPES.Integration, 'webhook'), 'Ready')?.reason).toBe('InUse')

    await f.chat.admin.ReportRegistration({
      installationId: id,
      operation: 'unregister',
      ok: true,
      message: '',
      final: true,
    })
    await settle(f.installations, key('support-webhook'))
    expect(await get(TYPES.Installation, 'support-webhook')).toBeUndefined()
    await expect(reader.GetConfiguration({ installationId: id })).rejects.toThrow(/not found/i)

    const integrationId = status(await get(TYPES.Integration, 'webhook')).integrationId!
    await settle(f.integrations, key('webhook'))
    expect(await get(TYPES.Integration, 'webhook')).toBeUndefined()
    expect(f.kube.all(TYPES.Deployment)).toEqual([])
    expect(f.kube.all(TYPES.NetworkPolicy)).toEqual([])
    await expect(reader.GetIntegrationSecrets({ integrationId })).rejects.toThrow(/not found/i)
    await expect(f.chat.admin.GetIntegration({ id: integrationId, name: '', version: '' })).rejects.toThrow(
      /not found/i,
    )

    await f.kube.delete({ ...TYPES.Bot, namespace: NS, name: 'support-bot' })
    await settle(f.bots, key('support-bot'))
    expect(await get(TYPES.Bot, 'support-bot')).toBeUndefined()
  })
})
