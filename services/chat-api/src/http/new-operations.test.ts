import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsCounts } from '../chat/analytics.js'
import { ConformanceRecorder, loadSpec } from '../conformance/spec.js'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

/**
 * The operations added for the spec (workflows, tasks, initializeIncomingMessage, importMessages,
 * listTagValues, trackAnalytics): bad input is a 4xx naming the field and writes nothing; analytics
 * counts are kept and can be read back.
 */
let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>
let convId: string
let userId: string

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('new-ops-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
  convId = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c' } }))
    .conversation.id
  userId = (await integ.client.getOrCreateUser({ tags: { id: 'u' } })).user.id
})
afterAll(() => h?.close())

const TABLES = ['users', 'conversations', 'messages', 'workflows', 'tasks', 'events', 'analytics_counts']

/** Row counts of every table a new operation writes. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of TABLES) out[t] = (await h.api.pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n
  return out
}

/** A valid message to import, with `over` changed. */
function imported(over: { conversationId?: string; createdAt?: string } = {}) {
  return {
    conversationId: convId,
    userId,
    type: 'text',
    payload: {},
    tags: {},
    createdAt: '2020-01-01T00:00:00Z',
    discriminateByTags: [],
    ...over,
  }
}

/** Incoming messages of the bot created today (UTC), counted in the database. */
async function incomingToday(): Promise<number> {
  const { rows } = await h.api.pool.query(
    `SELECT count(*)::int AS n FROM messages WHERE bot_id = $1 AND direction = 'incoming'
       AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    [bot.id],
  )
  return rows[0].n
}

async function raw(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.apiUrl}/v1/chat${path}`, {
    method,
    headers: { authorization: `Bearer ${bot.token}`, 'x-bot-id': bot.id, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { message: string; code: number } }
}

describe('bad input to each new operation is a 4xx naming the field, and nothing is written', () => {
  const cases: Array<[string, () => Promise<{ code: number; message: string }>, string]> = [
    [
      'initializeIncomingMessage: a bad message type, after valid user and conversation',
      () =>
        apiError(() =>
          integ.client.initializeIncomingMessage({
            user: { tags: { id: 'new-user' }, discriminateByTags: [] },
            conversation: { channel: 'channel', tags: { id: 'new-conv' }, discriminateByTags: [] },
            message: { type: 'not a type!', payload: {}, tags: {}, discriminateByTags: [] },
          }),
        ),
      'message.type',
    ],
    [
      'initializeIncomingMessage: a channel the integration does not have',
      () =>
        apiError(() =>
          integ.client.initializeIncomingMessage({
            user: { tags: { id: 'new-user' }, discriminateByTags: [] },
            conversation: { channel: 'nope', tags: { id: 'new-conv' }, discriminateByTags: [] },
          }),
        ),
      'channel',
    ],
    [
      'initializeIncomingMessage: both userId and user',
      () =>
        apiError(() =>
          integ.client.initializeIncomingMessage({
            userId,
            user: { tags: { id: 'x' }, discriminateByTags: [] },
            conversationId: convId,
          }),
        ),
      'user',
    ],
    [
      'importMessages: the second message has no createdAt date',
      () =>
        apiError(() =>
          integ.client.importMessages({ messages: [imported(), imported({ createdAt: 'soon' })] }),
        ),
      'body.messages.1.createdAt',
    ],
    [
      'importMessages: the second message is in a conversation that does not exist',
      () =>
        apiError(() =>
          integ.client.importMessages({
            messages: [imported(), imported({ conversationId: 'conv_01HZZZZZZZZZZZZZZZZZZZZZZZ' })],
          }),
        ),
      'Conversation',
    ],
    [
      'importMessages: more than 100',
      () =>
        apiError(() =>
          integ.client.importMessages({
            messages: Array.from({ length: 101 }, () => imported()),
          }),
        ),
      'body.messages',
    ],
    [
      'listTagValues: an unknown type',
      () => apiError(() => bot.client.listTagValues({ key: 'id', type: 'bot' as never })),
      'query.type',
    ],
    [
      'trackAnalytics: a count of 0',
      () => apiError(() => bot.client.trackAnalytics({ name: 'x', count: 0 })),
      'body.count',
    ],
    [
      'trackAnalytics: no name',
      () => apiError(() => bot.client.trackAnalytics({ name: '', count: 1 })),
      'body.name',
    ],
    [
      'createWorkflow: a status it cannot be created with',
      () => apiError(() => bot.client.createWorkflow({ name: 'w', status: 'completed' as never })),
      'body.status',
    ],
    [
      'createWorkflow: a conversation that does not exist',
      () =>
        apiError(() =>
          bot.client.createWorkflow({
            name: 'w',
            status: 'pending',
            conversationId: 'conv_01HZZZZZZZZZZZZZZZZZZZZZZZ',
          }),
        ),
      'Conversation',
    ],
    [
      'createWorkflow: an event that does not exist',
      () =>
        apiError(() =>
          bot.client.createWorkflow({
            name: 'w',
            status: 'pending',
            eventId: 'evt_01HZZZZZZZZZZZZZZZZZZZZZZZ',
          }),
        ),
      'eventId',
    ],
    [
      'getOrCreateWorkflow: a discriminating tag not among the tags',
      () =>
        apiError(() =>
          bot.client.getOrCreateWorkflow({
            name: 'w',
            status: 'pending',
            tags: {},
            discriminateByTags: ['k'],
          }),
        ),
      'discriminateByTags',
    ],
    [
      'updateWorkflow: a timeoutAt that is not a date',
      () =>
        apiError(() =>
          bot.client.updateWorkflow({ id: 'wfl_01HZZZZZZZZZZZZZZZZZZZZZZZ', timeoutAt: 'later' }),
        ),
      'body.timeoutAt',
    ],
    [
      'listWorkflows: an unknown status',
      () => apiError(() => bot.client.listWorkflows({ statuses: ['done' as never] })),
      'query.statuses',
    ],
    [
      'createTask: no conversationId',
      async () => (await raw('POST', '/tasks', { type: 'review' })).body,
      'body.conversationId',
    ],
    [
      'createTask: a parent task that does not exist',
      async () =>
        (
          await raw('POST', '/tasks', {
            type: 'r',
            conversationId: convId,
            parentTaskId: 'task_01HZZZZZZZZZZZZZZZZZZZZZZZ',
          })
        ).body,
      'parentTaskId',
    ],
    [
      'updateTask: an unknown status',
      async () => (await raw('PUT', '/tasks/task_01HZZZZZZZZZZZZZZZZZZZZZZZ', { status: 'done' })).body,
      'body.status',
    ],
    [
      'listTasks: an unknown status',
      async () => (await raw('GET', '/tasks?status=done')).body,
      'query.status',
    ],
  ]

  it.each(cases)('%s', async (_name, call, field) => {
    const before = await counts()
    const err = await call()
    expect(err.code).toBeGreaterThanOrEqual(400)
    expect(err.code).toBeLessThan(500)
    expect(err.message).toContain(field)
    expect(await counts()).toEqual(before)
  })
})

describe('a JSON object that comes in is at most 128 KiB, serialised', () => {
  // `{"text":"…"}`: 11 bytes around the text. `fits` is exactly the limit; `over` one byte more.
  const LIMIT = 128 * 1024
  const fits = { text: 'x'.repeat(LIMIT - 11) }
  const over = { text: 'x'.repeat(LIMIT - 10) }
  let workflowId: string
  let taskId: string

  beforeAll(async () => {
    workflowId = (await bot.client.createWorkflow({ name: 'sized', status: 'pending' })).workflow.id
    const task = await raw('POST', '/tasks', { type: 'sized', conversationId: convId })
    taskId = (task.body as unknown as { task: { id: string } }).task.id
  })

  /** How much JSON the payload columns hold: a refused write must not change it. */
  async function storedJson(): Promise<number> {
    const { rows } = await h.api.pool.query(
      `SELECT (SELECT coalesce(sum(length(input::text) + length(output::text)), 0) FROM workflows)
            + (SELECT coalesce(sum(length(data::text)), 0) FROM tasks)
            + (SELECT coalesce(sum(length(payload::text)), 0) FROM messages) AS n`,
    )
    return Number(rows[0].n)
  }

  /** Runs a call and answers its status and message, whichever client made it. */
  async function outcome(call: () => Promise<unknown>): Promise<{ code: number; message: string }> {
    let r: { status?: number; body?: { code: number; message: string } } | undefined
    try {
      r = (await call()) as typeof r
    } catch (err) {
      const { code, message } = err as { code: number; message: string }
      return { code, message }
    }
    // `raw` answers whatever came back; the client throws on an error.
    if (typeof r?.status !== 'number') return { code: 200, message: '' }
    return { code: r.status, message: r.status < 300 ? '' : r.body!.message }
  }

  const cases: Array<[string, (o: Record<string, unknown>) => Promise<unknown>, string]> = [
    [
      'createWorkflow input',
      (o) => bot.client.createWorkflow({ name: 'w', status: 'pending', input: o }),
      'body.input',
    ],
    [
      'getOrCreateWorkflow input',
      (o) => bot.client.getOrCreateWorkflow({ name: 'sized-2', status: 'pending', input: o }),
      'body.input',
    ],
    ['updateWorkflow output', (o) => bot.client.updateWorkflow({ id: workflowId, output: o }), 'body.output'],
    [
      'createTask data',
      (o) => raw('POST', '/tasks', { type: 't', conversationId: convId, data: o }),
      'body.data',
    ],
    ['updateTask data', (o) => raw('PUT', `/tasks/${taskId}`, { data: o }), 'body.data'],
    [
      'initializeIncomingMessage message payload',
      (o) =>
        integ.client.initializeIncomingMessage({
          userId,
          conversationId: convId,
          message: { type: 'text', payload: o, tags: {}, discriminateByTags: [] },
        }),
      'body.message.payload',
    ],
    [
      'importMessages payload',
      (o) => integ.client.importMessages({ messages: [{ ...imported(), payload: o }] }),
      'body.messages.0.payload',
    ],
  ]

  it.each(cases)(
    '%s: one byte over is a 400 naming the field and the limit; the limit itself is kept',
    async (_n, call, field) => {
      const before = { counts: await counts(), json: await storedJson() }
      expect(await outcome(() => call(over))).toEqual({
        code: 400,
        message: `${field}: larger than 128 KiB (131072 bytes) as JSON`,
      })
      expect({ counts: await counts(), json: await storedJson() }).toEqual(before)
      expect((await outcome(() => call(fits))).code).toBeLessThan(300)
      expect(await storedJson()).toBeGreaterThan(before.json)
    },
  )

  it('patchState: a patch that would grow the state past the limit is a 400, and the state is kept', async () => {
    const key = { type: 'conversation' as const, id: convId, name: 'grown' }
    // `{"a":"…","b":"…"}`: 15 bytes around the two texts once merged, so `half - 15` is the limit itself.
    const half = LIMIT / 2
    await bot.client.setState({ ...key, payload: { a: 'x'.repeat(half) } })
    expect(await outcome(() => bot.client.patchState({ ...key, payload: { b: 'y'.repeat(half) } }))).toEqual({
      code: 400,
      message: 'payload (merged into the state): larger than 128 KiB (131072 bytes) as JSON',
    })
    expect((await bot.client.getState(key)).state.payload).toEqual({ a: 'x'.repeat(half) })
    const merged = await bot.client.patchState({ ...key, payload: { b: 'y'.repeat(half - 15) } })
    expect(Object.keys(merged.state.payload)).toEqual(['a', 'b'])
  })
})

describe('trackAnalytics', () => {
  it('keeps the counts: concurrent calls add up, per name, and read back by bot and day range', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () => bot.client.trackAnalytics({ name: 'signup', count: 2 })),
    )
    await bot.client.trackAnalytics({ name: 'churn', count: 1 })
    const today = new Date().toISOString().slice(0, 10)
    expect(await analyticsCounts(h.api.pool, bot.id, { from: today, to: today })).toEqual([
      { name: 'churn', count: 1 },
      { name: 'signup', count: 40 },
    ])
    expect(await analyticsCounts(h.api.pool, bot.id, { to: '2000-01-01' })).toEqual([])
    const other = await h.createBot('other-analytics-bot')
    expect(await analyticsCounts(h.api.pool, other.id)).toEqual([])
  })

  it('reads back through @botpress/client getBotAnalytics, conforming to the admin spec, for its own bot only', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const recorder = new ConformanceRecorder(loadSpec('admin'))
    recorder.attach(bot.client)
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
    const { records } = await bot.client.getBotAnalytics({ id: bot.id, startDate: monthAgo, endDate: today })
    expect(records).toHaveLength(31)
    expect(recorder.rows().find((r) => r.operation === 'getBotAnalytics')).toMatchObject({
      implemented: true,
      conforms: true,
    })
    const last = records[records.length - 1]!
    expect(last.startDateTimeUtc).toBe(`${today}T00:00:00.000Z`)
    expect(last.customEvents).toEqual({ signup: 40, churn: 1 })
    expect(records[0]!.customEvents).toEqual({})
    expect(last.userMessages).toBe(await incomingToday())
    const other = await h.createBot('nosy-bot')
    const err = await apiError(() =>
      other.client.getBotAnalytics({ id: bot.id, startDate: today, endDate: today }),
    )
    expect(err.code).toBe(403)
    const bad = await apiError(() =>
      bot.client.getBotAnalytics({ id: bot.id, startDate: today, endDate: '2019-01-01' }),
    )
    expect(bad.message).toContain('endDate')
  })
})
