import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let conv: string

beforeAll(async () => {
  h = await startHarness({ HTTP_BODY_LIMIT_BYTES: String(64 * 1024) })
  bot = await h.createBot('input-bot')
  const integ = await h.install(bot, await h.createIntegration('webhook'))
  conv = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c' } })).conversation
    .id
})
afterAll(() => h.close())

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.apiUrl}/v1/chat${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bot.token}`,
      'x-bot-id': bot.id,
      'content-type': 'application/json',
      ...headers,
    },
    body,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function messageCount(): Promise<number> {
  const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM messages`)
  return rows[0].n
}

function expectStandardError(r: { status: number; body: Record<string, unknown> }, status: number) {
  expect(r.status).toBe(status)
  expect(r.body).toEqual({
    id: expect.stringMatching(/^err_/),
    code: status,
    type: expect.any(String),
    message: expect.any(String),
  })
}

describe('hostile and malformed input', () => {
  it('malformed JSON is 400 with the standard body, and nothing is written', async () => {
    const r = await post('/messages', '{"conversationId": "x", ')
    expectStandardError(r, 400)
    expect(r.body.message).toMatch(/JSON/i)
    expect(await messageCount()).toBe(0)
  })

  it('wrong types are 400 naming the field', async () => {
    const r = await post(
      '/messages',
      JSON.stringify({
        conversationId: conv,
        userId: bot.id,
        type: 'text',
        payload: 'not-an-object',
        tags: {},
      }),
    )
    expectStandardError(r, 400)
    expect(r.body.message).toMatch(/body\.payload/)
    const t = await post('/users', JSON.stringify({ tags: { id: 42 } }))
    expectStandardError(t, 400)
    expect(t.body.message).toMatch(/body\.tags\.id/)
    expect(await messageCount()).toBe(0)
  })

  it('a body over the limit is 413 and nothing is written', async () => {
    const big = JSON.stringify({
      conversationId: conv,
      userId: bot.id,
      type: 'text',
      payload: { text: 'x'.repeat(70 * 1024) },
      tags: {},
    })
    const r = await post('/messages', big)
    expectStandardError(r, 413)
    expect(r.body.type).toBe('PayloadTooLarge')
    expect(r.body.message).toBe(`body: the request body is larger than the limit of ${64 * 1024} bytes`)
    expect(await messageCount()).toBe(0)
  })

  it('prototype pollution attempts are refused', async () => {
    const r = await post('/users', '{"tags": {}, "__proto__": {"admin": true}}')
    expectStandardError(r, 400)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it('a forged nextToken is 400, not 500', async () => {
    const res = await fetch(`${h.apiUrl}/v1/chat/conversations?nextToken=garbage`, {
      headers: { authorization: `Bearer ${bot.token}`, 'x-bot-id': bot.id },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(/nextToken/)
  })

  it('oversized tags and invalid tag keys are 400', async () => {
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    expectStandardError(await post('/users', JSON.stringify({ tags: tooMany })), 400)
    expectStandardError(await post('/users', JSON.stringify({ tags: { 'bad key!': 'v' } })), 400)
  })

  it('a missing x-bot-id is 400 and a wrong content type is 400', async () => {
    const r = await post('/users', JSON.stringify({ tags: {} }), { 'x-bot-id': '' })
    expectStandardError(r, 400)
    const res = await fetch(`${h.apiUrl}/v1/chat/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bot.token}`, 'x-bot-id': bot.id, 'content-type': 'text/plain' },
      body: 'hello',
    })
    expect(res.status).toBe(400)
  })

  it('an unsupported state type is 400 naming it', async () => {
    const r = await post(`/states/planet/${bot.id}/x`, JSON.stringify({ payload: {} }))
    expectStandardError(r, 400)
    expect(r.body.message).toMatch(/planet/)
  })
})
