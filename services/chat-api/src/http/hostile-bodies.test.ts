import type { Client } from '@botpress/client'
import { InvalidInputError } from '@switchboard/errors'
import { promiseClient, protos } from '@switchboard/proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/harness.js'

// Bodies that parse but would be stored changed, or that name what does not exist (docs/limits.md):
// each is a 400 naming what was wrong, and nothing is written.

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>
let conv: string
let user: string

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('bodies-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
  conv = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c' } })).conversation
    .id
  user = (await integ.client.getOrCreateUser({ tags: { id: 'u' } })).user.id
})
afterAll(() => h.close())

/** Sends `body` (text or raw bytes) as JSON, as the bot, and reads the answer. */
async function send(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${h.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bot.token}`,
      'x-bot-id': bot.id,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body,
  })
  const text = await res.text()
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  }
}

async function count(table: string): Promise<number> {
  return (await h.api.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n
}

function expectRefused(r: { status: number; body: Record<string, unknown> }, message: string | RegExp) {
  expect(r.status).toBe(400)
  expect(r.body).toMatchObject({ code: 400, type: 'InvalidPayload' })
  expect(r.body.message).toMatch(message)
}

describe('numbers that are not finite', () => {
  const NOT_FINITE = /is not a finite number/

  it('a state payload with 1e400 is a 400 naming the place, and no state is stored', async () => {
    const r = await send('POST', `/v1/chat/states/user/${user}/memo`, '{"payload":{"a":1e400}}')
    expectRefused(r, /^body\.payload\.a: is not a finite number/)
    expect((await send('GET', `/v1/chat/states/user/${user}/memo`)).status).toBe(404)
  })

  it('a message payload, an event payload and file metadata with one deep inside are refused', async () => {
    const messages = await count('messages')
    const m = await send(
      'POST',
      '/v1/chat/messages',
      `{"conversationId":"${conv}","userId":"${bot.id}","type":"text","payload":{"list":[1,-1e999]},"tags":{}}`,
    )
    expectRefused(m, /^body\.payload\.list\.1: is not a finite number/)
    expect(await count('messages')).toBe(messages)

    const events = await count('events')
    expectRefused(
      await send('POST', '/v1/chat/events', '{"type":"ping","payload":{"n":1e400}}'),
      /^body\.payload\.n: /,
    )
    expect(await count('events')).toBe(events)

    const { file } = await bot.client.upsertFile({ key: 'finite.txt', size: 1, metadata: { kept: 1 } })
    expectRefused(await send('PUT', `/v1/files/${file.id}`, '{"metadata":{"x":1e400}}'), NOT_FINITE)
    expect((await bot.client.getFile({ id: file.id })).file.metadata).toEqual({ kept: 1 })
  })

  it('with one Idempotency-Key, 1e400 is refused and null is then a first request', async () => {
    const key = { 'idempotency-key': 'finite-1' }
    const path = `/v1/chat/states/user/${user}/counter`
    expectRefused(await send('POST', path, '{"payload":{"n":1e400}}', key), NOT_FINITE)
    const ok = await send('POST', path, '{"payload":{"n":null}}', key)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('idempotent-replayed')).toBeNull()
    expect((ok.body.state as { payload: unknown }).payload).toEqual({ n: null })
  })

  it('gRPC payloadJson with 1e400 is INVALID_ARGUMENT naming the place', async () => {
    const chat = promiseClient(protos.chat.ChatService, `127.0.0.1:${h.api.grpcPort}`, { token: ADMIN_TOKEN })
    try {
      const err = await chat
        .SetState({
          scope: { botId: bot.id, installationId: '' },
          type: 'user',
          ownerId: user,
          name: 'grpcmemo',
          payloadJson: '{"a":{"b":1e400}}',
        })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(InvalidInputError)
      expect((err as Error).message).toMatch(/^request\.payloadJson\.a\.b: is not a finite number/)
      expect((await send('GET', `/v1/chat/states/user/${user}/grpcmemo`)).status).toBe(404)
    } finally {
      chat.close()
    }
  })
})

describe('bodies that are not UTF-8', () => {
  const message = (text: Buffer) =>
    Buffer.concat([
      Buffer.from(`{"conversationId":"${conv}","userId":"${bot.id}","type":"text","payload":{"text":"`),
      text,
      Buffer.from('"},"tags":{}}'),
    ])

  it('bad bytes and a surrogate written as bytes are a 400, and nothing is stored', async () => {
    const before = await count('messages')
    for (const bytes of [[0xff, 0xfe, 0xed, 0xa0, 0x80], [0xed, 0xa0, 0x80], [0xc3]]) {
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        const r = await send('POST', '/v1/chat/messages', message(Buffer.from(bytes)), {
          'content-type': contentType,
        })
        expectRefused(r, 'body: the request body is not valid UTF-8')
      }
    }
    expect(await count('messages')).toBe(before)
  })

  it('valid UTF-8 (accents, emoji) is stored exactly as sent', async () => {
    const text = 'héllo 👋 \u00a0end'
    const r = await send('POST', '/v1/chat/messages', message(Buffer.from(text, 'utf8')))
    expect(r.status).toBe(201)
    const { message: stored } = await bot.client.getMessage({ id: (r.body.message as { id: string }).id })
    expect(stored.payload).toEqual({ text })
  })
})

describe('a null body', () => {
  it('is a 400 like any body that is not an object, and nothing is created', async () => {
    const users = await count('users')
    expectRefused(await send('POST', '/v1/chat/users', 'null'), /^body: .*expected object, received null/)
    expect(await count('users')).toBe(users)

    const { file } = await bot.client.upsertFile({ key: 'null-body.txt', size: 1, tags: { a: 'b' } })
    expectRefused(await send('PUT', `/v1/files/${file.id}`, 'null'), /^body: .*expected object/)
    expect((await bot.client.getFile({ id: file.id })).file.tags).toEqual({ a: 'b' })
  })

  it('a route that takes no body still works without one', async () => {
    const { user: u } = await bot.client.createUser({ tags: {} })
    expect((await send('DELETE', `/v1/chat/users/${u.id}`)).status).toBe(200)
    expect((await send('GET', `/v1/chat/users/${u.id}`)).status).toBe(404)
  })
})

/** Writes a text message as the integration `client`. */
function textMessage(client: Client, conversationId: string, userId: string) {
  return client.createMessage({ conversationId, userId, type: 'text', payload: { text: 'hi' }, tags: {} })
}

describe("createEvent's messageId", () => {
  it('is limited like conversationId and userId: 5000 characters is a 400 naming it', async () => {
    const before = await count('events')
    const r = await send(
      'POST',
      '/v1/chat/events',
      JSON.stringify({ type: 'ping', payload: {}, messageId: 'x'.repeat(5000) }),
    )
    expectRefused(r, /^body\.messageId: /)
    expect(await count('events')).toBe(before)
  })

  it("must name a message in the caller's scope, else 404 as for conversationId", async () => {
    const other = await h.createBot('bodies-other-bot')
    const otherInteg = await h.install(other, await h.createIntegration('webhook'), 'other')
    const otherConv = await otherInteg.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'o' },
    })
    const otherUser = await otherInteg.client.getOrCreateUser({ tags: { id: 'o' } })
    const foreign = await textMessage(otherInteg.client, otherConv.conversation.id, otherUser.user.id)
    const before = await count('events')
    for (const messageId of ['msg_made_up', foreign.message.id]) {
      const r = await send(
        'POST',
        '/v1/chat/events',
        JSON.stringify({ type: 'ping', payload: {}, messageId }),
      )
      expect(r.status).toBe(404)
      expect(r.body).toMatchObject({ type: 'ResourceNotFound', message: `Message ${messageId} not found` })
    }
    // The same as a conversation the caller may not see.
    const c = await send(
      'POST',
      '/v1/chat/events',
      JSON.stringify({ type: 'ping', payload: {}, conversationId: otherConv.conversation.id }),
    )
    expect(c.status).toBe(404)
    expect(await count('events')).toBe(before)

    const { message } = await textMessage(integ.client, conv, user)
    const ok = await send(
      'POST',
      '/v1/chat/events',
      JSON.stringify({ type: 'ping', payload: {}, messageId: message.id }),
    )
    expect(ok.status).toBe(201)
    expect((ok.body.event as { messageId: string }).messageId).toBe(message.id)
  })
})
