import {
  InvalidInputError,
  NotFoundError,
  ConflictError,
  UnauthorizedError,
  UnavailableError,
} from '@switchboard/errors'
import { promiseClient, protos } from '@switchboard/proto'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, startHarness, TEST_DEFINITION, type Harness } from '../testing/harness.js'

let h: Harness
const addr = () => `127.0.0.1:${h.api.grpcPort}`

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('AdminService', () => {
  it('requires a known token: none or a wrong one is UNAUTHENTICATED', async () => {
    const anonymous = promiseClient(protos.admin.AdminService, addr())
    await expect(anonymous.ListBots({})).rejects.toBeInstanceOf(UnauthorizedError)
    const wrong = promiseClient(protos.admin.AdminService, addr(), { token: 'not-the-admin-token' })
    await expect(wrong.ListBots({})).rejects.toBeInstanceOf(UnauthorizedError)
    await expect(wrong.ResolveWebhook({ webhookId: 'wh_x' })).rejects.toBeInstanceOf(UnauthorizedError)
    anonymous.close()
    wrong.close()
  })

  it('stores a bundle by sha256 and serves it back', async () => {
    const bundle = Buffer.from('module.exports = { default: { start() {}, handler() {} } }')
    const intg = await h.admin.PutIntegration({
      name: 'bundled',
      version: '0.1.0',
      definitionJson: JSON.stringify(TEST_DEFINITION),
      bundle,
      webhook: { idempotencyKey: 'body:/update_id', syncTimeoutMs: 1000 },
    })
    expect(intg.bundleSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(intg.webhook).toEqual({ idempotencyKey: 'body:/update_id', syncTimeoutMs: 1000 })
    const got = await h.admin.GetBundle({ sha256: intg.bundleSha256 })
    expect(Buffer.from(got.content).equals(bundle)).toBe(true)
    // Re-putting the same version updates it in place.
    const again = await h.admin.PutIntegration({
      name: 'bundled',
      version: '0.1.0',
      definitionJson: '{"changed":true}',
    })
    expect(again.id).toBe(intg.id)
    expect(JSON.parse(again.definitionJson)).toEqual({ changed: true })
    expect(again.bundleSha256).toBe(intg.bundleSha256)
  })

  it('validates input and names the field', async () => {
    await expect(
      h.admin.PutIntegration({ name: 'Bad Name', version: '1', definitionJson: '{}' }),
    ).rejects.toThrow(/name:/)
    await expect(
      h.admin.PutIntegration({ name: 'ok-name', version: '1', definitionJson: '[1,2]' }),
    ).rejects.toBeInstanceOf(InvalidInputError)
    await expect(
      h.admin.PutIntegration({
        name: 'ok-name',
        version: '1',
        definitionJson: '{}',
        webhook: { idempotencyKey: 'cookie:x', syncTimeoutMs: 0 },
      }),
    ).rejects.toThrow(/webhook.idempotencyKey/)
    await expect(h.admin.CreateToken({ kind: 'root' })).rejects.toThrow(/kind:/)
  })

  it('installs with a fresh unguessable webhook ID, refuses a duplicate alias, looks up by webhook ID', async () => {
    const bot = await h.admin.PutBot({ name: 'admin-bot' })
    const intg = await h.admin.PutIntegration({ name: 'tg', version: '1.0.0', definitionJson: '{}' })
    const inst = await h.admin.CreateInstallation({
      botId: bot.id,
      integrationId: intg.id,
      alias: '',
      enabled: true,
    })
    expect(inst).toMatchObject({
      alias: 'tg',
      enabled: true,
      integrationName: 'tg',
      integrationVersion: '1.0.0',
    })
    expect(inst.webhookId).toMatch(/^wh_[A-Za-z0-9_-]{32}$/)
    await expect(
      h.admin.CreateInstallation({ botId: bot.id, integrationId: intg.id, alias: 'tg', enabled: true }),
    ).rejects.toBeInstanceOf(ConflictError)
    expect((await h.admin.GetInstallation({ webhookId: inst.webhookId })).id).toBe(inst.id)
    const disabled = await h.admin.UpdateInstallation({ id: inst.id, enabled: false })
    expect(disabled.enabled).toBe(false)
    await expect(h.admin.DeleteIntegration({ id: intg.id })).rejects.toBeInstanceOf(ConflictError)
    await h.admin.DeleteInstallation({ id: inst.id })
    await expect(h.admin.GetInstallation({ id: inst.id })).rejects.toBeInstanceOf(NotFoundError)
    await h.admin.DeleteIntegration({ id: intg.id })
  })

  it('never returns a token secret again after creation', async () => {
    const bot = await h.admin.PutBot({ name: 'token-bot' })
    const created = await h.admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'ci' })
    expect(created.secret).toMatch(/^sbt_/)
    const listed = await h.admin.ListTokens({ botId: bot.id })
    expect(listed.tokens.map((t) => t.secret)).toEqual([''])
  })
})

describe('ChatService', () => {
  it('acts in a bot or installation scope over the same data as the HTTP API', async () => {
    const chat = promiseClient(protos.chat.ChatService, addr(), { token: ADMIN_TOKEN })
    const bot = await h.createBot('grpc-bot')
    const intg = await h.createIntegration('grpcint')
    const integ = await h.install(bot, intg, 'gr')
    const scope = { botId: bot.id, installationId: integ.id }
    const conv = await chat.GetOrCreateConversation({ scope, channel: 'channel', tags: { id: 'x' } })
    expect(conv.created).toBe(true)
    const user = await chat.GetOrCreateUser({ scope, tags: { id: 'y' } })
    const msg = await chat.CreateMessage({
      scope,
      conversationId: conv.conversation!.id,
      userId: user.user!.id,
      type: 'text',
      payloadJson: '{"text":"via grpc"}',
      tags: {},
    })
    expect(msg.direction).toBe('incoming')
    const viaHttp = await bot.client.getMessage({ id: msg.id })
    expect(viaHttp.message.payload).toEqual({ text: 'via grpc' })
    const asBot = await chat.GetConversation({
      scope: { botId: bot.id, installationId: '' },
      id: conv.conversation!.id,
    })
    expect(asBot.tags).toEqual({ 'gr:id': 'x' })
    expect(asBot.installationId).toBe(integ.id)
    await expect(
      chat.CreateMessage({
        scope,
        conversationId: 'nope',
        userId: 'x',
        type: 'text',
        payloadJson: 'not json',
        tags: {},
      }),
    ).rejects.toThrow(/payloadJson/)
    // The payload limit of the Runtime API holds here too, and nothing is stored.
    const over = chat.CreateMessage({
      scope,
      conversationId: conv.conversation!.id,
      userId: user.user!.id,
      type: 'text',
      payloadJson: JSON.stringify({ text: 'x'.repeat(128 * 1024) }),
      tags: {},
    })
    await expect(over).rejects.toBeInstanceOf(InvalidInputError)
    await expect(over).rejects.toThrow('payloadJson: larger than 128 KiB (131072 bytes) as JSON')
    expect((await bot.client.listMessages({ conversationId: conv.conversation!.id })).messages).toHaveLength(
      1,
    )
    // Actions run in the dispatcher; without one running the call is refused as unavailable.
    await expect(
      chat.CallAction({ scope: { botId: bot.id, installationId: '' }, type: 'gr:do', inputJson: '{}' }),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      chat.CallAction({
        scope: { botId: bot.id, installationId: '' },
        type: 'gr:notify',
        inputJson: '{"text":"x"}',
      }),
    ).rejects.toBeInstanceOf(UnavailableError)
    chat.close()
  })
})

describe('installation lifecycle', () => {
  it('schedules register on install, records failure and success, and deletes after unregister', async () => {
    const bot = await h.admin.PutBot({ name: 'life-bot' })
    const intg = await h.admin.PutIntegration({ name: 'life', version: '1.0.0', definitionJson: '{}' })
    const inst = await h.admin.CreateInstallation({
      botId: bot.id,
      integrationId: intg.id,
      alias: '',
      enabled: true,
    })
    expect(inst.registration).toMatchObject({ state: 'pending', attempts: 0 })
    const notices = await streamNotices(
      h.nats.names.streams.outgoing,
      h.nats.names.subjects.lifecycle(inst.id),
    )
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'register', installationId: inst.id, webhookId: inst.webhookId }),
    ])

    const failed = await h.admin.ReportRegistration({
      installationId: inst.id,
      operation: 'register',
      ok: false,
      message: 'bad token',
      final: false,
    })
    expect(failed.registration).toMatchObject({ state: 'failed', message: 'bad token', attempts: 1 })
    const ok = await h.admin.ReportRegistration({
      installationId: inst.id,
      operation: 'register',
      ok: true,
      message: '',
      final: false,
    })
    expect(ok.registration).toMatchObject({ state: 'registered', message: '', attempts: 2 })

    // Delete: disabled at once, unregister scheduled, row kept until the outcome is reported.
    await h.admin.DeleteInstallation({ id: inst.id, force: false })
    const deleting = await h.admin.GetInstallation({ id: inst.id })
    expect(deleting).toMatchObject({ enabled: false, registration: { state: 'unregistering' } })
    expect(
      (await streamNotices(h.nats.names.streams.outgoing, h.nats.names.subjects.lifecycle(inst.id), 2)).map(
        (n) => n.kind,
      ),
    ).toEqual(['register', 'unregister'])
    await h.admin.ReportRegistration({
      installationId: inst.id,
      operation: 'unregister',
      ok: true,
      message: '',
      final: false,
    })
    await expect(h.admin.GetInstallation({ id: inst.id })).rejects.toBeInstanceOf(NotFoundError)
  })
})

/** Notices published on one subject of a stream, in order. */
async function streamNotices(
  stream: string,
  subject: string,
  atLeast = 1,
): Promise<Array<Record<string, unknown>>> {
  const { jetstreamManager } = await import('@switchboard/nats')
  const jsm = await jetstreamManager(h.nats.nc)
  return waitFor(`notices on ${subject}`, async () => {
    const info = await jsm.streams.info(stream).catch(() => null)
    const out: Array<Record<string, unknown>> = []
    for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null)
      if (m?.subject === subject) out.push(m.json())
    }
    return out.length >= atLeast ? out : null
  })
}
