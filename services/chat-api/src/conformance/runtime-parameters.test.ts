import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

/**
 * Every documented parameter of the Runtime spec does what the spec says: date and range filters,
 * message-count filters, workflowId, nextToken and the spec's length limits, through the real client.
 */
let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>
let userId: string

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('params-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
  userId = (await integ.client.getOrCreateUser({ tags: { id: 'p-user' } })).user.id
})
afterAll(() => h?.close())

/** Moves a row's creation (and update) time, to arrange data in the past. */
async function backdate(table: 'conversations' | 'users', id: string, iso: string, column = 'created_at') {
  await h.api.pool.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [id, iso])
}

describe('date and range filters', () => {
  it('listConversations: afterDate and beforeDate (inclusive) on the creation date', async () => {
    const make = async (tag: string, iso: string) => {
      const { conversation } = await integ.client.createConversation({
        channel: 'channel',
        tags: { id: tag },
      })
      await backdate('conversations', conversation.id, iso)
      return conversation.id
    }
    const jan = await make('d-jan', '2021-01-01T00:00:00.000Z')
    const feb = await make('d-feb', '2021-02-01T00:00:00.000Z')
    const mar = await make('d-mar', '2021-03-01T00:00:00.000Z')
    const ids = async (q: { afterDate?: string; beforeDate?: string }) =>
      (await integ.client.listConversations(q)).conversations
        .map((c) => c.id)
        .filter((id) => [jan, feb, mar].includes(id))
    expect(
      await ids({ afterDate: '2021-02-01T00:00:00.000Z', beforeDate: '2021-02-28T00:00:00.000Z' }),
    ).toEqual([feb])
    expect(await ids({ beforeDate: '2021-02-01T00:00:00.000Z' })).toEqual([feb, jan])
    expect(await ids({ afterDate: '2021-01-15T00:00:00Z' })).toEqual([mar, feb])
  })

  it('listConversations: minMessageCount and maxMessageCount', async () => {
    const counts: Record<string, number> = {}
    for (const [tag, n] of [
      ['mc-0', 0],
      ['mc-1', 1],
      ['mc-3', 3],
    ] as const) {
      const { conversation } = await integ.client.createConversation({
        channel: 'channel',
        tags: { id: tag },
      })
      for (let i = 0; i < n; i++)
        await integ.client.createMessage({
          conversationId: conversation.id,
          userId,
          type: 'text',
          payload: { i },
          tags: {},
        })
      counts[conversation.id] = n
    }
    const counted = async (q: { minMessageCount?: number; maxMessageCount?: number }) =>
      (await integ.client.listConversations(q)).conversations
        .filter((c) => c.id in counts)
        .map((c) => counts[c.id])
        .sort()
    expect(await counted({ minMessageCount: 1 })).toEqual([1, 3])
    expect(await counted({ maxMessageCount: 1 })).toEqual([0, 1])
    expect(await counted({ minMessageCount: 2, maxMessageCount: 3 })).toEqual([3])
  })

  it('listMessages: afterDate and beforeDate', async () => {
    const { conversation } = await integ.client.createConversation({
      channel: 'channel',
      tags: { id: 'm-dates' },
    })
    const at = ['2022-01-01T00:00:00.000Z', '2022-06-01T00:00:00.000Z', '2022-12-01T00:00:00.000Z']
    await integ.client.importMessages({
      messages: at.map((createdAt, i) => ({
        conversationId: conversation.id,
        userId,
        type: 'text',
        payload: { i },
        tags: {},
        createdAt,
        discriminateByTags: [],
      })),
    })
    const got = await integ.client.listMessages({
      conversationId: conversation.id,
      afterDate: '2022-03-01T00:00:00.000Z',
      beforeDate: '2022-12-01T00:00:00.000Z',
    })
    expect(got.messages.map((m) => m.createdAt)).toEqual([at[2], at[1]])
  })

  it('listUsers: afterDate/beforeDate on createdAt by default, on updatedAt with rangeField', async () => {
    const { user } = await integ.client.createUser({ tags: { id: 'dated-user' } })
    await backdate('users', user.id, '2019-05-05T00:00:00.000Z')
    await backdate('users', user.id, '2023-05-05T00:00:00.000Z', 'updated_at')
    const has = async (q: Record<string, string>) =>
      (await integ.client.listUsers(q as never)).users.some((u) => u.id === user.id)
    const window2019 = { afterDate: '2019-01-01T00:00:00.000Z', beforeDate: '2019-12-31T00:00:00.000Z' }
    const window2023 = { afterDate: '2023-01-01T00:00:00.000Z', beforeDate: '2023-12-31T00:00:00.000Z' }
    expect(await has(window2019)).toBe(true)
    expect(await has(window2023)).toBe(false)
    expect(await has({ ...window2023, rangeField: 'updatedAt' })).toBe(true)
    expect(await has({ ...window2019, rangeField: 'updatedAt' })).toBe(false)
  })

  it('a date that is not ISO 8601 is a 400 naming the parameter', async () => {
    const err = await apiError(() => integ.client.listConversations({ afterDate: 'yesterday' }))
    expect(err.code).toBe(400)
    expect(err.message).toContain('query.afterDate')
  })
})

describe('workflowId and nextToken', () => {
  it('createEvent with workflowId, and listEvents?workflowId= lists exactly those', async () => {
    const { workflow } = await bot.client.createWorkflow({ name: 'wf-events', status: 'in_progress' })
    const inWf = await bot.client.createEvent({
      type: 'custom',
      payload: {},
      workflowId: workflow.id,
    } as never)
    await bot.client.createEvent({ type: 'custom', payload: {} })
    const listed = await bot.client.listEvents({ workflowId: workflow.id })
    expect(listed.events.map((e) => e.id)).toEqual([inWf.event.id])
    // An event linked through createWorkflow.eventId is listed too.
    const started = await bot.client.createEvent({ type: 'custom', payload: {} })
    const second = await bot.client.createWorkflow({
      name: 'wf-events-2',
      status: 'pending',
      eventId: started.event.id,
    })
    expect((await bot.client.listEvents({ workflowId: second.workflow.id })).events.map((e) => e.id)).toEqual(
      [started.event.id],
    )
  })

  it('createEvent with a workflow that does not exist is a 400 naming workflowId, and writes nothing', async () => {
    const before = (await h.api.pool.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n
    const err = await apiError(() =>
      bot.client.createEvent({
        type: 'custom',
        payload: {},
        workflowId: 'wfl_01HZZZZZZZZZZZZZZZZZZZZZZZ',
      } as never),
    )
    expect(err.code).toBe(400)
    expect(err.message).toContain('workflowId')
    expect((await h.api.pool.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n).toBe(before)
  })

  it('nextToken pages listTagValues and listWorkflows without gaps or repeats', async () => {
    for (let i = 0; i < 25; i++) {
      await integ.client.createConversation({
        channel: 'channel',
        tags: { topic: `t-${String(i).padStart(2, '0')}` },
      })
      await bot.client.createWorkflow({ name: 'paged', status: 'pending' })
    }
    const values: string[] = []
    let token: string | undefined
    do {
      const r = await integ.client.listTagValues({ key: 'topic', type: 'conversation', nextToken: token })
      values.push(...r.tags.map((t) => t.value))
      token = r.meta.nextToken
    } while (token)
    expect(values).toEqual(Array.from({ length: 25 }, (_, i) => `t-${String(i).padStart(2, '0')}`))

    const ids: string[] = []
    token = undefined
    do {
      const r = await bot.client.listWorkflows({ name: 'paged', nextToken: token })
      ids.push(...r.workflows.map((w) => w.id))
      token = r.meta.nextToken
    } while (token)
    expect(new Set(ids).size).toBe(25)
    expect(ids).toHaveLength(25)
  })

  it('listWorkflows?statuses= and listTasks?status= filter by status', async () => {
    const a = await bot.client.createWorkflow({ name: 'st', status: 'pending' })
    const b = await bot.client.createWorkflow({ name: 'st', status: 'listening' })
    await bot.client.updateWorkflow({ id: a.workflow.id, status: 'failed', failureReason: 'boom' })
    const failed = await bot.client.listWorkflows({ name: 'st', statuses: ['failed'] })
    expect(failed.workflows.map((w) => [w.id, w.failureReason])).toEqual([[a.workflow.id, 'boom']])
    const both = await bot.client.listWorkflows({ name: 'st', statuses: ['failed', 'listening'] })
    expect(both.workflows.map((w) => w.id).sort()).toEqual([a.workflow.id, b.workflow.id].sort())

    const task = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${h.apiUrl}/v1/chat${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bot.token}`,
          'x-bot-id': bot.id,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return (await res.json()) as { task: { id: string }; tasks: Array<{ id: string }> }
    }
    const conv = (await integ.client.createConversation({ channel: 'channel', tags: { id: 'tasks' } }))
      .conversation
    const t1 = (await task('POST', '/tasks', { type: 'review', conversationId: conv.id })).task
    const t2 = (await task('POST', '/tasks', { type: 'review', conversationId: conv.id })).task
    await task('PUT', `/tasks/${t2.id}`, { status: 'blocked' })
    const blocked = await task('GET', `/tasks?conversationId=${conv.id}&status=blocked`)
    expect(blocked.tasks.map((t) => t.id)).toEqual([t2.id])
    const open = await task('GET', `/tasks?conversationId=${conv.id}&status=blocked&status=pending`)
    expect(open.tasks.map((t) => t.id).sort()).toEqual([t1.id, t2.id].sort())
  })
})

describe('length limits as the spec states them', () => {
  it('pictureUrl up to 40000 characters is accepted (a 25 kB data URI), 40001 is a 400 naming it', async () => {
    const dataUri = `data:image/png;base64,${Buffer.alloc(19_000, 7).toString('base64')}`
    expect(dataUri.length).toBeGreaterThan(25_000)
    const { user } = await integ.client.updateUser({ id: userId, pictureUrl: dataUri })
    expect(user.pictureUrl).toBe(dataUri)
    const err = await apiError(() => integ.client.updateUser({ id: userId, pictureUrl: 'x'.repeat(40_001) }))
    expect(err.code).toBe(400)
    expect(err.message).toContain('body.pictureUrl')
    expect((await integ.client.getUser({ id: userId })).user.pictureUrl).toBe(dataUri)
  })

  it('name up to 200 and tag values up to 500 characters; one more is a 400 naming the field', async () => {
    await integ.client.createUser({ tags: { id: 'v'.repeat(500) }, name: 'n'.repeat(200) })
    const name = await apiError(() => integ.client.createUser({ tags: {}, name: 'n'.repeat(201) }))
    expect(name.message).toContain('body.name')
    const tag = await apiError(() => integ.client.createUser({ tags: { id: 'v'.repeat(501) } }))
    expect(tag.code).toBe(400)
    expect(tag.message).toContain('body.tags.id')
  })
})
