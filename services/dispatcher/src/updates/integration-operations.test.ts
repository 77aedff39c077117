import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@botpress/client'
import { apiError } from '@switchboard/chat-api/testing'
import { buildBot, buildIntegration, type BuiltIntegration } from '@switchboard/cli'
import type { HandlerLogRecord } from '@switchboard/nats'
import { configurationSchemaFor } from '@switchboard/resources'
import { metricValue, waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlatform, type Platform } from '../testing/platform.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

describe('integration and bot operations of the SDK, with bundles built by the real SDK', () => {
  let p: Platform
  let ops: BuiltIntegration
  let integrationId: string
  let outDir: string
  const logs: HandlerLogRecord[] = []

  /** A bot running the operations bot bundle, with a token and a client acting as it. */
  async function deployBot(name: string, bundle: Buffer) {
    const bot = await p.chat.admin.PutBot({ name, bundle, endpoint: null })
    const token = await p.chat.admin.CreateToken({ kind: 'bot', botId: bot.id, integrationId: '', name: 't' })
    return { id: bot.id, client: new Client({ apiUrl: p.chat.apiUrl, botId: bot.id, token: token.secret }) }
  }

  /** Installs `ops` in the bot with `configurationType` and a configuration validated against its schema. */
  async function install(botId: string, configurationType: string, configuration: object) {
    const inst = await p.chat.admin.CreateInstallation({
      botId,
      integrationId,
      alias: 'ops',
      enabled: false,
      configurationType,
    })
    p.chat.nats.nc.subscribe(p.chat.nats.names.subjects.logs(inst.id), {
      callback: (_e, m) => {
        logs.push(m.json<HandlerLogRecord>())
      },
    })
    const chosen = configurationSchemaFor(ops.definition, configurationType)
    if ('problem' in chosen) throw new Error(chosen.problem)
    await p.secrets.callers.admin.PutConfiguration({
      installationId: inst.id,
      configurationJson: JSON.stringify(configuration),
      schemaJson: JSON.stringify(chosen.schema ?? {}),
    })
    await p.chat.admin.UpdateInstallation({ id: inst.id, enabled: true, integrationId: '' })
    return inst
  }

  let bundle: Buffer
  let keyed: Awaited<ReturnType<typeof deployBot>>
  let keyedInstallationId: string

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'integration-operations-'))
    const [platform, integration, bot] = await Promise.all([
      startPlatform(),
      buildIntegration(fixture('operations-integration'), {
        definition: 'integration.definition.ts',
        implementation: 'index.ts',
        outDir: join(outDir, 'integration'),
      }),
      buildBot(fixture('operations-bot'), { implementation: 'index.ts', outDir: join(outDir, 'bot') }),
    ])
    p = platform
    ops = integration
    bundle = bot.bundle
    integrationId = (
      await p.chat.admin.PutIntegration({
        name: 'ops',
        version: '0.1.0',
        definitionJson: JSON.stringify(ops.definition),
        bundle: ops.bundle,
      })
    ).id
    keyed = await deployBot('keyed-bot', bundle)
    keyedInstallationId = (await install(keyed.id, 'apiKey', { apiKey: 'k-123456789' })).id
  }, 120_000)
  afterAll(async () => {
    await p?.close()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('pings, then registers, the integration when it is installed', async () => {
    await waitFor('registration', async () => {
      const inst = await p.chat.admin.GetInstallation({
        id: keyedInstallationId,
        webhookId: '',
        botId: '',
        alias: '',
      })
      return inst.registration?.state === 'registered'
    })
    const seen = logs
      .filter((l) => l.installationId === keyedInstallationId)
      .map((l) => `${l.operation}:${l.outcome}`)
    expect(seen.slice(0, 2)).toEqual(['ping:ok', 'register:ok'])
  })

  it('runs a deployed bot’s register handler (after its ping) and its own actions', async () => {
    const registered = await waitFor('the bot’s register handler', () =>
      keyed.client
        .getState({ type: 'bot', id: keyed.id, name: 'registered' })
        .then((r) => r.state.payload)
        .catch(() => null),
    )
    expect(typeof registered.at).toBe('number')
    const { output } = await keyed.client.callAction({ type: 'double', input: { n: 21 } })
    expect(output).toEqual({ n: 42 })
    const missing = await apiError(() => keyed.client.callAction({ type: 'triple', input: {} }))
    expect(missing.code).toBe(400)
    expect(missing.message).toContain('triple')
  })

  it('sends the chosen configuration type to the handler, and records the cost the action reports', async () => {
    const { output } = await keyed.client.callAction({ type: 'ops:whoami', input: {} })
    expect(output).toEqual({ configurationType: 'apiKey', keys: ['apiKey'] })

    const plain = await deployBot('plain-bot', bundle)
    await install(plain.id, '', { url: 'http://127.0.0.1:9/unused' })
    const other = await plain.client.callAction({ type: 'ops:whoami', input: {} })
    expect(other.output).toEqual({ configurationType: null, keys: ['url'] })

    const inst = await p.chat.admin.GetInstallation({
      id: keyedInstallationId,
      webhookId: '',
      botId: '',
      alias: '',
    })
    expect(inst.configurationType).toBe('apiKey')
    expect(inst.costs).toEqual([{ operation: 'action_triggered', name: 'whoami', calls: '1', total: 0.25 }])
    const metrics = await (await fetch(`http://127.0.0.1:${p.dispatcher.httpPort}/metrics`)).text()
    expect(
      metricValue(metrics, 'switchboard_dispatcher_action_cost_total', {
        installation: keyedInstallationId,
        action: 'whoami',
      }),
    ).toBe(0.25)
    const record = logs.find(
      (l) => l.installationId === keyedInstallationId && l.operation === 'action_triggered',
    )
    expect(record?.cost).toBe(0.25)
  })

  it('refuses a configuration type the integration lacks, and a configuration that does not fit the chosen one', async () => {
    const bot = await p.chat.admin.PutBot({ name: 'wrong-type-bot', endpoint: null })
    const err = await p.chat.admin
      .CreateInstallation({
        botId: bot.id,
        integrationId,
        alias: 'ops',
        enabled: false,
        configurationType: 'oauth',
      })
      .catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toContain('configurationType')
    expect((err as Error).message).toContain('apiKey')
    expect(
      (await p.chat.admin.ListInstallations({ botId: bot.id, integrationId: '' })).installations,
    ).toHaveLength(0)

    const chosen = configurationSchemaFor(ops.definition, 'apiKey') as { schema: unknown }
    const bad = await p.secrets.callers.admin
      .PutConfiguration({
        installationId: keyedInstallationId,
        configurationJson: JSON.stringify({ url: 'http://x' }),
        schemaJson: JSON.stringify(chosen.schema),
      })
      .catch((e: Error) => e)
    expect((bad as Error).message).toContain('apiKey')
  })

  it('starts a conversation and a user through the integration when a bot asks (proactive messaging)', async () => {
    const { conversation } = await keyed.client.createConversation({
      channel: 'channel',
      tags: { 'ops:id': 'ext-42' },
      integrationName: 'ops',
    })
    expect(conversation.tags).toMatchObject({ 'ops:id': 'ext-42', 'ops:origin': 'create_conversation' })
    const again = await keyed.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'ext-42' },
      integrationName: 'ops',
    })
    expect(again.conversation.id).toBe(conversation.id)

    const { user } = await keyed.client.createUser({ tags: { 'ops:id': 'u-7' }, integrationName: 'ops' })
    expect(user.tags).toMatchObject({ 'ops:id': 'u-7', 'ops:origin': 'create_user' })
  })

  it('tells the integration when the bot edits a message or a conversation', async () => {
    const { conversation } = await keyed.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'ext-edit' },
      integrationName: 'ops',
    })
    const { message } = await keyed.client.createMessage({
      conversationId: conversation.id,
      userId: keyed.id,
      type: 'text',
      payload: { text: 'v1' },
      tags: {},
    })
    await keyed.client.updateMessage({ id: message.id, tags: {}, payload: { text: 'v2' } })
    await keyed.client.updateConversation({ id: conversation.id, tags: { 'ops:topic': 'billing' } })
    const tags = await waitFor('the integration’s update handlers', async () => {
      const t = (await keyed.client.getConversation({ id: conversation.id })).conversation.tags
      return t['ops:edited'] && t['ops:seenTopic'] ? t : null
    })
    expect(tags).toMatchObject({ 'ops:edited': 'v1->v2', 'ops:seenTopic': 'billing' })
  })
})
