import type { Client } from '@botpress/client'
import { connectNats, natsNames, type ActionReply, type NatsConnection } from '@switchboard/nats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../testing/harness.js'
import { RUNTIME_ALLOWED_EXTRAS, RUNTIME_PENDING } from './runtime-allowances.js'
import { ConformanceRecorder, formatTable, loadSpec, matchOperation } from './spec.js'

/**
 * The Runtime API conformance suite: every operation of the official spec (`@botpress/api`), called
 * through the real `@botpress/client` 1.45 (raw HTTP for the tasks API, which that client lacks)
 * against a real chat-api, every 2xx body checked against the operation's response schema and every
 * error against the error envelope. Prints the table and asserts every operation implemented and
 * conforming, except the pending ones listed (with their reason) in runtime-allowances.ts.
 */
const spec = loadSpec('runtime')
const recorder = new ConformanceRecorder(spec, RUNTIME_ALLOWED_EXTRAS, RUNTIME_PENDING)

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>
let nc: NatsConnection

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('conformance-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
  recorder.attach(bot.client)
  recorder.attach(integ.client)
  // A responder standing in for the dispatcher, so callAction has an integration to reach.
  nc = await connectNats(h.nats.url, 'conformance-action-responder')
  nc.subscribe(natsNames(h.nats.prefix).subjects.action(integ.id), {
    callback: (_err, m) => {
      const reply: ActionReply = { status: 200, body: JSON.stringify({ output: { sent: true } }) }
      m.respond(JSON.stringify(reply))
    },
  })
})
afterAll(async () => {
  await nc?.close()
  await h?.close()
})

/** A raw Runtime API call as the bot (for operations @botpress/client 1.45 lacks), recorded. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON; the recorder checks its shape
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bot.token}`,
      'x-bot-id': bot.id,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await res.json()
  const op = matchOperation(spec, method, path)
  if (op) recorder.record(op.name, res.status, json)
  return { status: res.status, body: json }
}

async function fails(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn()
  } catch (err) {
    return (err as { code: number }).code
  }
  throw new Error('expected the call to fail')
}

describe('every runtime operation, through @botpress/client 1.45', () => {
  let userId: string
  let convId: string
  let msgId: string

  it('users', async () => {
    const c: Client = integ.client
    const u = await c.getOrCreateUser({ tags: { id: 'alice' }, name: 'Alice', pictureUrl: 'https://x/a.png' })
    userId = u.user.id
    const other = await c.createUser({ tags: { id: 'bob' }, name: 'Bob' })
    expect((await c.getUser({ id: other.user.id })).user.name).toBe('Bob')
    expect((await c.updateUser({ id: other.user.id, name: 'Robert' })).user.name).toBe('Robert')
    expect((await c.listUsers({})).users.length).toBeGreaterThanOrEqual(2)
    await c.deleteUser({ id: other.user.id })
    expect(await fails(() => c.getUser({ id: other.user.id }))).toBe(404)
  })

  it('conversations and participants', async () => {
    const c: Client = integ.client
    const conv = await c.getOrCreateConversation({ channel: 'channel', tags: { id: 'room' } })
    convId = conv.conversation.id
    const other = await c.createConversation({ channel: 'channel', tags: { id: 'other-room' } })
    expect((await c.getConversation({ id: convId })).conversation.id).toBe(convId)
    await c.updateConversation({ id: convId, tags: { id: 'room' } })
    expect((await c.listConversations({})).conversations.length).toBe(2)
    await c.deleteConversation({ id: other.conversation.id })
    await c.addParticipant({ id: convId, userId })
    expect((await c.getParticipant({ id: convId, userId })).participant.id).toBe(userId)
    expect((await c.listParticipants({ id: convId })).participants.map((p) => p.id)).toEqual([userId])
    await c.removeParticipant({ id: convId, userId })
    expect(await fails(() => c.getParticipant({ id: convId, userId }))).toBe(404)
  })

  it('messages, initializeIncomingMessage and importMessages', async () => {
    const c: Client = integ.client
    const m = await c.createMessage({
      conversationId: convId,
      userId,
      type: 'text',
      payload: { text: 'hi' },
      tags: { id: 'm1' },
    })
    msgId = m.message.id
    const again = await c.getOrCreateMessage({
      conversationId: convId,
      userId,
      type: 'text',
      payload: { text: 'hi' },
      tags: { id: 'm1' },
    })
    expect(again.message.id).toBe(msgId)
    expect((await c.getMessage({ id: msgId })).message.payload).toEqual({ text: 'hi' })
    await c.updateMessage({ id: msgId, tags: { id: 'm1' }, payload: { text: 'hello' } })
    expect((await c.listMessages({ conversationId: convId })).messages).toHaveLength(1)
    const init = await c.initializeIncomingMessage({
      user: { tags: { id: 'carol' }, name: 'Carol', discriminateByTags: [] },
      conversation: { channel: 'channel', tags: { id: 'carol-room' }, discriminateByTags: [] },
      message: { type: 'text', payload: { text: 'from carol' }, tags: {}, discriminateByTags: [] },
    })
    expect(init.message?.payload).toEqual({ text: 'from carol' })
    const imported = await c.importMessages({
      messages: [
        {
          conversationId: convId,
          userId,
          type: 'text',
          payload: { text: 'long ago' },
          tags: { id: 'old-1' },
          createdAt: '2020-01-01T00:00:00.000Z',
          discriminateByTags: ['id'],
        },
      ],
    })
    expect(imported.messages[0]!.createdAt).toBe('2020-01-01T00:00:00.000Z')
    const extra = await c.createMessage({
      conversationId: convId,
      userId,
      type: 'text',
      payload: { text: 'bye' },
      tags: {},
    })
    await c.deleteMessage({ id: extra.message.id })
    expect(await fails(() => c.getMessage({ id: extra.message.id }))).toBe(404)
  })

  it('events', async () => {
    const e = await integ.client.createEvent({ type: 'ping', payload: { n: 1 }, conversationId: convId })
    expect((await bot.client.getEvent({ id: e.event.id })).event.type).toBe('webhook:ping')
    expect((await bot.client.listEvents({ type: 'webhook:ping' })).events).toHaveLength(1)
    expect(await fails(() => bot.client.cancelScheduledEvent({ id: e.event.id }))).toBeGreaterThanOrEqual(400)
  })

  it('states', async () => {
    const c: Client = bot.client
    const key = { type: 'conversation' as const, id: convId, name: 'memo' }
    await c.setState({ ...key, payload: { a: 1 } })
    expect((await c.getState(key)).state.payload).toEqual({ a: 1 })
    expect((await c.patchState({ ...key, payload: { b: 2 } })).state.payload).toEqual({ a: 1, b: 2 })
    const got = await c.getOrSetState({ ...key, name: 'fresh', payload: { c: 3 }, expiry: 60_000 })
    expect(got.state.payload).toEqual({ c: 3 })
    await fails(() => c.setStateExpiry({ ...key, expiry: 60_000 }))
  })

  it('actions and configureIntegration', async () => {
    const r = await bot.client.callAction({ type: 'webhook:notify', input: { text: 'x' } })
    expect(r.output).toEqual({ sent: true })
    expect(await fails(() => bot.client.callAction({ type: 'webhook:notify', input: {} }))).toBe(400)
    await integ.client.configureIntegration({ identifier: 'workspace-1' })
  })

  it('workflows', async () => {
    const c: Client = bot.client
    const w = await c.createWorkflow({ name: 'onboarding', status: 'pending', input: { step: 1 }, tags: {} })
    const same = await c.getOrCreateWorkflow({
      name: 'onboarding',
      status: 'pending',
      discriminateByStatusGroup: 'active',
    })
    expect(same.workflow.id).toBe(w.workflow.id)
    expect((await c.getWorkflow({ id: w.workflow.id })).workflow.input).toEqual({ step: 1 })
    const done = await c.updateWorkflow({ id: w.workflow.id, status: 'completed', output: { ok: true } })
    expect(done.workflow.completedAt).toBeDefined()
    expect((await c.listWorkflows({ name: 'onboarding' })).workflows).toHaveLength(1)
    await c.deleteWorkflow({ id: w.workflow.id })
    expect(await fails(() => c.getWorkflow({ id: w.workflow.id }))).toBe(404)
  })

  it('tasks (raw HTTP: @botpress/client 1.45 has no task methods)', async () => {
    const created = await raw('POST', '/v1/chat/tasks', { type: 'review', conversationId: convId, data: {} })
    expect(created.status).toBe(201)
    const id = created.body.task.id as string
    expect((await raw('GET', `/v1/chat/tasks/${id}`)).body.task.type).toBe('review')
    expect((await raw('PUT', `/v1/chat/tasks/${id}`, { status: 'completed' })).body.task.status).toBe(
      'completed',
    )
    expect((await raw('GET', `/v1/chat/tasks?conversationId=${convId}`)).body.tasks).toHaveLength(1)
    expect((await raw('DELETE', `/v1/chat/tasks/${id}`)).status).toBe(200)
    expect((await raw('GET', `/v1/chat/tasks/${id}`)).status).toBe(404)
  })

  it('listTagValues and trackAnalytics', async () => {
    const r = await bot.client.listTagValues({ key: 'webhook:id', type: 'conversation' })
    expect(r.tags.map((t) => t.value)).toEqual(['carol-room', 'room'])
    await bot.client.trackAnalytics({ name: 'signup', count: 2 })
  })
})

describe('the report', () => {
  it('prints the table: every operation implemented and conforming, except the listed pending ones', () => {
    const rows = recorder.rows()
    console.log(`\n${formatTable(`${spec.title} ${spec.version}`, rows)}\n`)
    expect(recorder.unmatched).toEqual([])
    expect(rows).toHaveLength(48)
    const failing = rows.filter((r) => !(r.implemented && r.conforms) && !RUNTIME_PENDING[r.operation])
    expect(failing).toEqual([])
    for (const name of Object.keys(RUNTIME_PENDING)) expect(rows.map((r) => r.operation)).toContain(name)
  })
})
