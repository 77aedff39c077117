import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { Client } from '@botpress/client'
import { promiseClient, protos } from '@switchboard/proto'
import {
  createTestDatabase,
  createTestNats,
  spawnService,
  streamNotices,
  waitFor,
  type TestDatabase,
  type TestNats,
} from '@switchboard/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, harnessEnv, startHarness, type Harness } from '../testing/harness.js'

const streamMessages = streamNotices

describe('publication through the outbox', () => {
  let h: Harness
  afterAll(() => h?.close())

  it('publishes an incoming message once on SB_BOT and an outgoing one on SB_OUTGOING, in the recipient’s view', async () => {
    h = await startHarness()
    const bot = await h.createBot('pub-bot')
    const integ = await h.install(bot, await h.createIntegration('webhook'), 'hook')
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'chat-1' },
    })
    const { user } = await integ.client.getOrCreateUser({ tags: { id: 'u-1' } })
    const incoming = await integ.client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'in' },
      tags: {},
    })
    const outgoing = await bot.client.createMessage({
      conversationId: conversation.id,
      userId: bot.id,
      type: 'text',
      payload: { text: 'out' },
      tags: {},
    })

    const toBot = await waitFor('SB_BOT message', async () => {
      const msgs = await streamMessages(h.nats, h.nats.names.streams.bot)
      return msgs.length ? msgs : null
    })
    const toIntegration = await waitFor('SB_OUTGOING message', async () => {
      // The installation's register notice travels on SB_OUTGOING too; this test is about messages.
      const msgs = (await streamMessages(h.nats, h.nats.names.streams.outgoing)).filter(
        (m) => m.notice.kind === 'message_created',
      )
      return msgs.length ? msgs : null
    })
    expect(toBot).toHaveLength(1)
    expect(toBot[0]!.subject).toBe(h.nats.names.subjects.bot(bot.id, conversation.id))
    expect(toBot[0]!.notice).toMatchObject({
      kind: 'message_created',
      direction: 'incoming',
      botId: bot.id,
      installationId: integ.id,
      alias: 'hook',
      message: { id: incoming.message.id, payload: { text: 'in' } },
      conversation: { id: conversation.id, tags: { 'hook:id': 'chat-1' } },
      user: { id: user.id },
    })
    expect(toIntegration).toHaveLength(1)
    expect(toIntegration[0]!.subject).toBe(h.nats.names.subjects.outgoing(integ.id, conversation.id))
    // The integration gets its own, unprefixed tags: the external chat id it needs to answer.
    expect(toIntegration[0]!.notice).toMatchObject({
      direction: 'outgoing',
      message: { id: outgoing.message.id },
      conversation: { tags: { id: 'chat-1' } },
    })
    // Published rows are deleted (in the publishing transaction, which may commit just after the
    // stream has the message).
    await waitFor(
      'the published rows to leave the outbox',
      async () => (await h.api.pool.query(`SELECT 1 FROM outbox`)).rowCount === 0,
    )
  })

  it('a row published again (crash after publish, before delete) is dropped as a duplicate', async () => {
    const bot = await h.createBot('dup-bot')
    const integ = await h.install(bot, await h.createIntegration('dupint'))
    const before = (await streamMessages(h.nats, h.nats.names.streams.bot)).length
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'dup' },
    })
    const { user } = await integ.client.getOrCreateUser({ tags: { id: 'dup' } })
    await integ.client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'once' },
      tags: {},
    })
    const published = await waitFor('the message on SB_BOT', async () => {
      const msgs = await streamMessages(h.nats, h.nats.names.streams.bot)
      return msgs.length === before + 1 ? msgs[msgs.length - 1] : null
    })
    // The next round (or the linger after the last one) deletes it.
    await waitFor(
      'the published row to leave the outbox',
      async () => (await h.api.pool.query(`SELECT 1 FROM outbox`)).rowCount === 0,
    )
    // Put the very same outbox row back, as if the process died before deleting it.
    await h.api.pool.query(`INSERT INTO outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
      published.msgId,
      published.subject,
      JSON.stringify(published.notice),
    ])
    await waitFor(
      'the outbox to drain',
      async () => (await h.api.pool.query(`SELECT 1 FROM outbox`)).rowCount === 0,
    )
    expect(await streamMessages(h.nats, h.nats.names.streams.bot)).toHaveLength(before + 1)
  })
})

describe('a crash between commit and publish', () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url))
  let db: TestDatabase
  let nats: TestNats
  let child: ChildProcess | undefined
  afterAll(async () => {
    child?.kill('SIGKILL')
    await nats?.cleanup()
    await db?.drop()
  })

  /** Runs chat-api as its own process and resolves with its HTTP and gRPC ports once it listens. */
  async function startProcess(
    env: Record<string, string>,
  ): Promise<{ proc: ChildProcess; httpPort: number; grpcPort: number }> {
    const s = await spawnService(main, env, 'chat-api listening')
    return { proc: s.proc, httpPort: s.ready.httpPort as number, grpcPort: s.ready.grpcPort as number }
  }

  it('loses nothing and publishes once: the message waits in the outbox and is published after restart', async () => {
    db = await createTestDatabase()
    nats = await createTestNats()
    // First life: NATS unreachable, so the message commits but cannot be published.
    const first = await startProcess(harnessEnv(db, nats, { NATS_URL: 'nats://127.0.0.1:1' }))
    child = first.proc
    const admin = promiseClient(protos.admin.AdminService, `127.0.0.1:${first.grpcPort}`, {
      token: ADMIN_TOKEN,
    })
    const bot = await admin.PutBot({ name: 'crash-bot' })
    const intg = await admin.PutIntegration({ name: 'webhook', version: '1.0.0', definitionJson: '{}' })
    const inst = await admin.CreateInstallation({
      botId: bot.id,
      integrationId: intg.id,
      alias: '',
      enabled: true,
    })
    const tok = await admin.CreateToken({ kind: 'integration', integrationId: intg.id })
    admin.close()
    const client = new Client({
      apiUrl: `http://127.0.0.1:${first.httpPort}`,
      botId: bot.id,
      integrationId: intg.id,
      token: tok.secret,
    })
    const { conversation } = await client.getOrCreateConversation({ channel: 'any', tags: { id: 'c' } })
    const { user } = await client.getOrCreateUser({ tags: { id: 'u' } })
    const { message } = await client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'survives' },
      tags: {},
    })
    expect(inst.id).toBeTruthy()

    // Killed hard: no shutdown hook runs.
    first.proc.kill('SIGKILL')
    await once(first.proc, 'exit')
    expect(await streamMessages(nats, nats.names.streams.bot)).toHaveLength(0)

    // Second life with NATS reachable: the outbox row is published exactly once.
    const second = await startProcess(harnessEnv(db, nats))
    child = second.proc
    const msgs = await waitFor('the message on SB_BOT', async () => {
      const m = await streamMessages(nats, nats.names.streams.bot)
      return m.length ? m : null
    })
    expect(msgs).toHaveLength(1)
    expect(msgs[0]!.notice).toMatchObject({
      kind: 'message_created',
      message: { id: message.id, payload: { text: 'survives' } },
    })

    // Killed hard again as soon as the message is out, most likely before its row was deleted (the
    // delete rides on the next round). A third life publishes the row again, and JetStream drops the
    // copy: after a new message (the marker that must arrive), the stream holds each message once.
    second.proc.kill('SIGKILL')
    await once(second.proc, 'exit')
    const third = await startProcess(harnessEnv(db, nats))
    child = third.proc
    const marker = await new Client({
      apiUrl: `http://127.0.0.1:${third.httpPort}`,
      botId: bot.id,
      integrationId: intg.id,
      token: tok.secret,
    }).createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'marker' },
      tags: {},
    })
    const all = await waitFor('the marker on SB_BOT', async () => {
      const m = await streamMessages(nats, nats.names.streams.bot)
      return m.some((x) => (x.notice as { message?: { id: string } }).message?.id === marker.message.id)
        ? m
        : null
    })
    expect(all.map((m) => (m.notice as { message?: { id: string } }).message?.id)).toEqual([
      message.id,
      marker.message.id,
    ])
  }, 60_000)
})
