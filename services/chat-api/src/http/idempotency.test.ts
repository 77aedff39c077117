import { Client } from '@botpress/client'
import { jetstreamManager } from '@switchboard/nats'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>
let intg: Awaited<ReturnType<Harness['createIntegration']>>
let conv: string
let user: string

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('once-bot')
  intg = await h.createIntegration('webhook')
  integ = await h.install(bot, intg)
  conv = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c' } })).conversation
    .id
  user = (await integ.client.getOrCreateUser({ tags: { id: 'u' } })).user.id
})
afterAll(() => h.close())

/** A client of the same integration whose every request carries `key` as its Idempotency-Key. */
function keyed(key: string): Client {
  return new Client({
    apiUrl: h.apiUrl,
    botId: bot.id,
    integrationId: intg.id,
    integrationAlias: integ.alias,
    token: intg.token,
    headers: { 'idempotency-key': key },
  } as ConstructorParameters<typeof Client>[0])
}

const message = (text: string) => ({
  conversationId: conv,
  userId: user,
  type: 'text',
  payload: { text },
  tags: {},
})

async function rows(text: string): Promise<number> {
  const { rows } = await h.api.pool.query(
    `SELECT count(*)::int AS n FROM messages WHERE payload->>'text' = $1`,
    [text],
  )
  return rows[0].n
}

/** Keys recorded under this name. */
async function keysNamed(key: string): Promise<number> {
  const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [
    key,
  ])
  return rows[0].n
}

/** Notices for the bot on the conversation's subject, once the outbox has published them. */
async function botNotices(): Promise<number> {
  await waitFor('outbox drained', async () => {
    const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM outbox`)
    return rows[0].n === 0
  })
  const jsm = await jetstreamManager(h.nats.nc)
  const subject = h.nats.names.subjects.bot(bot.id, conv)
  const info = await jsm.streams.info(h.nats.names.streams.bot, { subjects_filter: subject })
  return info.state.subjects?.[subject] ?? 0
}

describe('Idempotency-Key on Runtime API writes', () => {
  it('a repeated createMessage returns the first message: one row, one notice for the bot', async () => {
    const before = await botNotices()
    const first = await keyed('key-1').createMessage(message('once'))
    const again = await keyed('key-1').createMessage(message('once'))
    expect(again.message).toEqual(first.message)
    expect(await rows('once')).toBe(1)
    expect(await botNotices()).toBe(before + 1)
    // Without a key, the same request is a new message.
    await integ.client.createMessage(message('once'))
    expect(await rows('once')).toBe(2)
  })

  it('says when an answer is a replay', async () => {
    const send = () =>
      fetch(`${h.apiUrl}/v1/chat/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${intg.token}`,
          'x-bot-id': bot.id,
          'x-integration-id': intg.id,
          'content-type': 'application/json',
          'idempotency-key': 'key-replay',
        },
        body: JSON.stringify(message('replayed')),
      })
    const a = await send()
    const b = await send()
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.headers.get('idempotent-replayed')).toBeNull()
    expect(b.headers.get('idempotent-replayed')).toBe('true')
    expect(await b.json()).toEqual(await a.json())
  })

  it('the same key with a different request is 409, and writes nothing', async () => {
    await keyed('key-2').createMessage(message('first body'))
    const err = await apiError(() => keyed('key-2').createMessage(message('second body')))
    expect(err.code).toBe(409)
    expect(err.message).toMatch(/Idempotency-Key key-2/)
    expect(await rows('second body')).toBe(0)
    const other = await apiError(() => keyed('key-2').createEvent({ type: 'ping', payload: {} }))
    expect(other.code).toBe(409)
  })

  it('callers racing with one key make one message', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => keyed('key-race').createMessage(message('raced'))),
    )
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1)
    expect(await rows('raced')).toBe(1)
  })

  it('a failed request records nothing: its retry runs for real', async () => {
    const missing = { ...message('after failure'), conversationId: 'conv_missing' }
    expect((await apiError(() => keyed('key-3').createMessage(missing))).code).toBe(404)
    const { rows: keys } = await h.api.pool.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'key-3'`,
    )
    expect(keys[0].n).toBe(0)
    const ok = await keyed('key-3').createMessage(message('after failure'))
    expect(ok.message.payload).toEqual({ text: 'after failure' })
  })

  it('keys are per caller: the bot and another installation have their own', async () => {
    await keyed('key-4').createMessage(message('per caller'))
    const asBot = new Client({
      apiUrl: h.apiUrl,
      botId: bot.id,
      token: bot.token,
      headers: { 'idempotency-key': 'key-4' },
    })
    await asBot.createMessage({ ...message('per caller'), userId: bot.id })
    expect(await rows('per caller')).toBe(2)
  })

  it('covers users, conversations and events too', async () => {
    const u1 = await keyed('key-user').createUser({ tags: { id: 'made-once' } })
    const u2 = await keyed('key-user').createUser({ tags: { id: 'made-once' } })
    expect(u2.user.id).toBe(u1.user.id)
    const e1 = await keyed('key-event').createEvent({ type: 'ping', payload: { n: 1 }, conversationId: conv })
    const e2 = await keyed('key-event').createEvent({ type: 'ping', payload: { n: 1 }, conversationId: conv })
    expect(e2.event.id).toBe(e1.event.id)
    const { rows: ev } = await h.api.pool.query(
      `SELECT count(*)::int AS n FROM events WHERE payload->>'n' = '1'`,
    )
    expect(ev[0].n).toBe(1)
  })

  it('a get-or-create that creates records its key: the retry is told created, as the first was', async () => {
    const first = await keyed('key-goc').getOrCreateUser({ tags: { id: 'goc-new' } })
    const again = await keyed('key-goc').getOrCreateUser({ tags: { id: 'goc-new' } })
    expect(first.meta.created).toBe(true)
    expect(again).toEqual(first)
    expect(await keysNamed('key-goc')).toBe(1)
  })

  it('a get-or-create that finds writes nothing, not even its key, and its retry finds the same', async () => {
    await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'goc-there' } })
    const first = await keyed('key-found').getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'goc-there' },
    })
    expect(first.meta.created).toBe(false)
    expect(await keysNamed('key-found')).toBe(0)
    const again = await keyed('key-found').getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'goc-there' },
    })
    expect(again).toEqual(first)
    // Nothing recorded, so nothing to conflict with: the key is free for a write.
    await keyed('key-found').createMessage(message('after a read'))
    expect(await rows('after a read')).toBe(1)
    expect(await keysNamed('key-found')).toBe(1)
  })

  it('a keyed Tables write, which commits on its own, records its key: the retry replays it', async () => {
    const asBot = (key: string) =>
      new Client({ apiUrl: h.apiUrl, botId: bot.id, token: bot.token, headers: { 'idempotency-key': key } })
    await asBot('key-table').createTable({
      name: 'onceTable',
      schema: { type: 'object', properties: { n: { type: 'number' } } },
    })
    const first = await asBot('key-rows').createTableRows({ table: 'onceTable', rows: [{ n: 1 }] })
    const again = await asBot('key-rows').createTableRows({ table: 'onceTable', rows: [{ n: 1 }] })
    expect(again.rows).toEqual(first.rows)
    expect((await bot.client.findTableRows({ table: 'onceTable' })).rows).toHaveLength(1)
    expect(await keysNamed('key-rows')).toBe(1)
  })

  it('a malformed key is 400 naming the header', async () => {
    const err = await apiError(() => keyed('has space').createMessage(message('bad key')))
    expect(err.code).toBe(400)
    expect(err.message).toMatch(/Idempotency-Key/)
    expect(await rows('bad key')).toBe(0)
  })
})
