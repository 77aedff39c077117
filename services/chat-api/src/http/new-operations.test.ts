import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsCounts } from '../chat/analytics.js'
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
          integ.client.importMessages({
            messages: [
              {
                conversationId: convId,
                userId,
                type: 'text',
                payload: {},
                tags: {},
                createdAt: '2020-01-01T00:00:00Z',
                discriminateByTags: [],
              },
              {
                conversationId: convId,
                userId,
                type: 'text',
                payload: {},
                tags: {},
                createdAt: 'soon',
                discriminateByTags: [],
              },
            ],
          }),
        ),
      'body.messages.1.createdAt',
    ],
    [
      'importMessages: the second message is in a conversation that does not exist',
      () =>
        apiError(() =>
          integ.client.importMessages({
            messages: [convId, 'conv_01HZZZZZZZZZZZZZZZZZZZZZZZ'].map((conversationId) => ({
              conversationId,
              userId,
              type: 'text',
              payload: {},
              tags: {},
              createdAt: '2020-01-01T00:00:00Z',
              discriminateByTags: [],
            })),
          }),
        ),
      'Conversation',
    ],
    [
      'importMessages: more than 100',
      () =>
        apiError(() =>
          integ.client.importMessages({
            messages: Array.from({ length: 101 }, () => ({
              conversationId: convId,
              userId,
              type: 'text',
              payload: {},
              tags: {},
              createdAt: '2020-01-01T00:00:00Z',
              discriminateByTags: [],
            })),
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
})
