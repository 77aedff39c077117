import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { streamNotices, waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChatApi, type ChatApi } from '../app.js'
import { chatApiEnv } from '../config.js'
import { apiError, harnessEnv, startHarness, type Harness } from '../testing/harness.js'

type Client = Awaited<ReturnType<Harness['createBot']>>['client']

describe('scheduled messages and events', () => {
  let h: Harness
  let second: ChatApi | undefined
  let bot: Awaited<ReturnType<Harness['createBot']>>
  let integ: Awaited<ReturnType<Harness['install']>>
  let conversationId: string
  let userId: string

  beforeAll(async () => {
    h = await startHarness({ SCHEDULER_POLL_MS: '200' })
    bot = await h.createBot('sched-bot')
    integ = await h.install(bot, await h.createIntegration('webhook'), 'hook')
    conversationId = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c1' } }))
      .conversation.id
    userId = (await integ.client.getOrCreateUser({ tags: { id: 'u1' } })).user.id
  })
  afterAll(async () => {
    await second?.stop()
    await h?.close()
  })

  const outgoing = async () =>
    (await streamNotices(h.nats, h.nats.names.streams.outgoing)).filter(
      (m) => m.notice.kind === 'message_created',
    )
  const toBot = async () => streamNotices(h.nats, h.nats.names.streams.bot)
  const eventTypes = async () =>
    (await toBot()).flatMap((m) => (m.notice.kind === 'event_created' ? [m.notice.event.type] : []))

  it('holds a scheduled message until its time, then creates and announces it once under the promised id', async () => {
    const scheduledAt = Date.now()
    const { message } = await bot.client.createMessage({
      conversationId,
      userId: bot.id,
      type: 'text',
      payload: { text: 'later' },
      tags: {},
      schedule: { delay: 1500 },
    })
    // Not there before its time: neither readable nor announced.
    expect((await apiError(() => bot.client.getMessage({ id: message.id }))).code).toBe(404)
    expect(await outgoing()).toHaveLength(0)

    const published = await waitFor('the scheduled message on SB_OUTGOING', async () => {
      const m = await outgoing()
      return m.length ? m : null
    })
    const arrivedAfter = Date.now() - scheduledAt
    expect(arrivedAfter).toBeGreaterThanOrEqual(1500)
    expect(published).toHaveLength(1)
    expect(published[0]!.notice).toMatchObject({ message: { id: message.id, payload: { text: 'later' } } })
    const stored = await bot.client.getMessage({ id: message.id })
    expect(stored.message.payload).toEqual({ text: 'later' })
    expect(Date.parse(stored.message.createdAt) - scheduledAt).toBeGreaterThanOrEqual(1500)
  })

  it('delivers a scheduled event at its time; a cancelled one never, while a later marker does arrive', async () => {
    const at = new Date(Date.now() + 800).toISOString()
    const cancelled = await integ.client.createEvent({
      type: 'ping',
      payload: { n: 'cancelled' },
      conversationId,
      schedule: { dateTime: at },
    })
    expect(cancelled.event.status).toBe('scheduled')
    await integ.client.cancelScheduledEvent({ id: cancelled.event.id })
    expect((await bot.client.getEvent({ id: cancelled.event.id })).event.status).toBe('canceled')
    // Cancelling twice names the reason.
    const again = await apiError(() => integ.client.cancelScheduledEvent({ id: cancelled.event.id }))
    expect(again.code).toBe(400)
    expect(again.message).toContain('not scheduled')

    const marker = await integ.client.createEvent({
      type: 'ping',
      payload: { n: 'marker' },
      conversationId,
      schedule: { delay: 1200 },
    })
    await waitFor(
      'the marker event',
      async () => (await bot.client.getEvent({ id: marker.event.id })).event.status === 'pending',
    )
    const delivered = await waitFor('the marker on SB_BOT', async () => {
      const evs = (await toBot()).filter((m) => m.notice.kind === 'event_created')
      return evs.length ? evs : null
    })
    expect(delivered.map((m) => (m.notice.kind === 'event_created' ? m.notice.event.id : ''))).toEqual([
      marker.event.id,
    ])
  })

  it('announces an event the bot creates to the bot itself', async () => {
    const { event } = await bot.client.createEvent({ type: 'reminder', payload: { a: 1 }, conversationId })
    await waitFor('the bot’s own event on SB_BOT', async () => (await eventTypes()).includes('reminder'))
    const m = (await toBot()).find((x) => x.notice.kind === 'event_created' && x.notice.event.id === event.id)
    expect(m?.subject).toBe(h.nats.names.subjects.bot(bot.id, conversationId))
  })

  it('delivers each due event exactly once with two chat-api replicas scheduling from one database', async () => {
    second = await startChatApi(
      loadConfig(chatApiEnv, harnessEnv(h.db, h.nats, { SCHEDULER_POLL_MS: '50' })),
      createLogger({ service: 'chat-api-2', level: 'silent' }),
    )
    const due = new Date(Date.now() + 700).toISOString()
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bot.client
          .createEvent({ type: 'burst', payload: { i }, schedule: { dateTime: due } })
          .then((r) => r.event.id),
      ),
    )
    const seen = await waitFor('all 20 burst events on SB_BOT', async () => {
      const evs = (await toBot()).flatMap((m) =>
        m.notice.kind === 'event_created' && m.notice.event.type === 'burst' ? [m.notice.event.id] : [],
      )
      return evs.length >= 20 ? evs : null
    })
    // A marker scheduled after them arrives; nothing was announced twice meanwhile.
    const { event: marker } = await bot.client.createEvent({
      type: 'after-burst',
      payload: {},
      schedule: { delay: 100 },
    })
    await waitFor('the after-burst marker', async () => (await eventTypes()).includes('after-burst'))
    expect(marker.id).toBeTruthy()
    const all = (await toBot()).flatMap((m) =>
      m.notice.kind === 'event_created' && m.notice.event.type === 'burst' ? [m.notice.event.id] : [],
    )
    expect(all.sort()).toEqual([...ids].sort())
    expect(seen.length).toBe(20)
  })

  it('refuses a bad schedule with a 400 naming the field, and schedules nothing', async () => {
    const client: Client = bot.client
    const cases: Array<[unknown, string]> = [
      [{ delay: 10, dateTime: new Date().toISOString() }, 'schedule'],
      [{}, 'schedule'],
      [{ delay: -5 }, 'schedule.delay'],
      [{ dateTime: 'not a date at all, really!' }, 'schedule.dateTime'],
      [{ delay: 10, every: 'day' }, 'schedule'],
    ]
    for (const [schedule, field] of cases) {
      const err = await apiError(() =>
        client.createMessage({
          conversationId,
          userId: bot.id,
          type: 'text',
          payload: {},
          tags: {},
          schedule: schedule as { delay: number },
        }),
      )
      expect(err.code, JSON.stringify(schedule)).toBe(400)
      expect(err.message).toContain(field)
      const ev = await apiError(() =>
        client.createEvent({ type: 'x', payload: {}, schedule: schedule as { delay: number } }),
      )
      expect(ev.code).toBe(400)
    }
    const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM scheduled_messages`)
    expect(rows[0]).toEqual({ n: 0 })
    const unknown = await apiError(() =>
      client.cancelScheduledEvent({ id: 'evt_01HZZZZZZZZZZZZZZZZZZZZZZZ' }),
    )
    expect(unknown.code).toBe(404)
    expect(userId).toBeTruthy()
  })
})
