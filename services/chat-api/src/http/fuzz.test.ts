import { request } from 'node:http'
import {
  deepJson,
  fuzzSeed,
  hostileIdInUrl,
  plant,
  poisonString,
  randomBytes,
  seededRandom,
  wideJson,
  type Rng,
} from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../testing/harness.js'

/** One Runtime API operation: a valid request, and which of its body fields are required strings. */
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: (id: string) => string
  body?: () => Record<string, unknown>
  strings?: string[]
  query?: Record<string, string>
}

const SEED = fuzzSeed()
const REQUESTS = 600

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let conv: string
let user: string
let routes: Route[]
const port = () => Number(new URL(h.apiUrl).port)

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('fuzz-bot')
  const integ = await h.install(bot, await h.createIntegration('webhook'))
  conv = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c' } })).conversation
    .id
  user = (await integ.client.getOrCreateUser({ tags: { id: 'u' } })).user.id
  const msg = () => ({
    conversationId: conv,
    userId: bot.id,
    type: 'text',
    payload: { text: 'hi' },
    tags: {},
  })
  routes = [
    { method: 'POST', path: () => '/messages', body: msg, strings: ['conversationId', 'userId', 'type'] },
    { method: 'POST', path: () => '/messages/get-or-create', body: msg, strings: ['conversationId', 'type'] },
    { method: 'PUT', path: (id) => `/messages/${id}`, body: () => ({ tags: { a: 'b' } }) },
    { method: 'GET', path: (id) => `/messages/${id}` },
    { method: 'GET', path: () => '/messages', query: { conversationId: conv } },
    { method: 'GET', path: (id) => `/conversations/${id}` },
    { method: 'DELETE', path: (id) => `/conversations/${id}` },
    { method: 'GET', path: () => '/conversations', query: { 'tags.id': 'c' } },
    { method: 'PUT', path: (id) => `/conversations/${id}`, body: () => ({ tags: { a: 'b' } }) },
    {
      method: 'POST',
      path: () => '/conversations',
      body: () => ({ channel: 'channel', tags: {}, integrationName: 'webhook' }),
      strings: ['channel'],
    },
    { method: 'POST', path: () => '/users', body: () => ({ tags: {}, name: 'n' }), strings: ['name'] },
    { method: 'PUT', path: (id) => `/users/${id}`, body: () => ({ name: 'n' }) },
    { method: 'GET', path: (id) => `/users/${id}` },
    { method: 'GET', path: () => '/users', query: { conversationId: conv } },
    {
      method: 'POST',
      path: (id) => `/states/user/${id}/memo`,
      body: () => ({ payload: { a: 1 } }),
    },
    { method: 'GET', path: (id) => `/states/conversation/${id}/memo` },
    { method: 'POST', path: () => '/events', body: () => ({ type: 'ping', payload: {} }), strings: ['type'] },
    { method: 'GET', path: (id) => `/events/${id}` },
    { method: 'GET', path: () => '/events', query: { conversationId: conv } },
    { method: 'POST', path: (id) => `/conversations/${id}/participants`, body: () => ({ userId: user }) },
  ]
})
afterAll(() => h.close())

interface Hostile {
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
  what: string
}

const idFor = (rng: Rng, r: Route) => (r.path('ID').includes('ID') ? hostileIdInUrl(rng) : 'x')

/** One hostile request: every one must be refused. */
function hostile(rng: Rng): Hostile {
  const r = rng.pick(routes)
  const headers: Record<string, string> = {
    authorization: `Bearer ${bot.token}`,
    'x-bot-id': bot.id,
    'content-type': 'application/json',
  }
  const validId = r.path('ID').includes('/users/') || r.path('ID').includes('/states/user') ? user : conv
  let path = `/v1/chat${r.path(validId)}`
  const q = new URLSearchParams(r.query ?? {}).toString()
  const base = r.body?.() ?? {}
  let body: Buffer | undefined = r.body ? Buffer.from(JSON.stringify(base)) : undefined
  const kinds = ['poison in body', 'deep body', 'bytes', 'huge header', 'poison in query', 'bad id']
  if (r.strings) kinds.push('wrong type')
  if (r.body && 'payload' in base) kinds.push('oversized payload')
  let what = rng.pick(kinds)
  if (what === 'bad id' && !r.path('ID').includes('ID')) what = 'poison in query'
  if (!r.body && (what === 'poison in body' || what === 'deep body' || what === 'bytes')) what = 'bad id'
  if (what === 'bad id' && !r.path('ID').includes('ID')) what = 'poison in query'
  switch (what) {
    case 'poison in body':
      body = Buffer.from(JSON.stringify(plant(rng, base, poisonString(rng))))
      break
    case 'deep body': {
      const deep = deepJson(65 + rng.int(10_000), rng.chance(0.5) ? 'array' : 'object')
      const text = JSON.stringify(base)
      body = Buffer.from(text.length > 2 ? `${text.slice(0, -1)},"deep":${deep}}` : `{"deep":${deep}}`)
      break
    }
    case 'bytes':
      body = randomBytes(rng)
      break
    case 'huge header':
      headers['x-padding'] = 'a'.repeat(20_000 + rng.int(50_000))
      break
    case 'poison in query': {
      const key = rng.pick(['conversationId', 'tags.id', 'nextToken', 'userId', 'type'])
      path = `${path}?${key}=${rng.pick(['%00', '%ED%A0%80', 'a%00b', '%C0%80'])}`
      return { method: r.method, path, headers, body, what }
    }
    case 'bad id':
      path = `/v1/chat${r.path(idFor(rng, r))}`
      break
    case 'wrong type':
      body = Buffer.from(
        JSON.stringify({ ...base, [rng.pick(r.strings!)]: rng.pick([42, true, null, [], {}]) }),
      )
      break
    case 'oversized payload':
      body = Buffer.from(
        JSON.stringify({
          ...base,
          payload: { text: 'x'.repeat(128 * 1024 + rng.int(200_000)), wide: wideJson(10) },
        }),
      )
      break
  }
  return { method: r.method, path: q && !path.includes('?') ? `${path}?${q}` : path, headers, body, what }
}

/** Sends a request with node:http (raw path, any header); fails the test if it takes over 5 s. */
function send(req: Hostile): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port: port(),
        method: req.method,
        path: req.path,
        headers: req.headers,
        timeout: 5000,
        agent: false,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode!))
      },
    )
    r.on('timeout', () =>
      r.destroy(new Error(`no answer within 5 s: ${req.method} ${req.path.slice(0, 80)}`)),
    )
    r.on('error', reject)
    r.end(req.body)
  })
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of [
    'messages',
    'users',
    'conversations',
    'events',
    'states',
    'participants',
    'idempotency_keys',
  ]) {
    const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM ${t}`)
    out[t] = rows[0].n
  }
  return out
}

describe(`Runtime API fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`refuses ${REQUESTS} hostile requests with a 4xx, writes nothing, and keeps serving`, async () => {
    const rng = seededRandom(SEED)
    const before = await counts()
    const failures: string[] = []
    const kinds = new Map<string, number>()
    for (let i = 0; i < REQUESTS; i++) {
      const req = hostile(rng)
      kinds.set(req.what, (kinds.get(req.what) ?? 0) + 1)
      const status = await send(req).catch((err: Error) => {
        // Node answers 431 to headers over its limit and closes at once: the client, still
        // writing them, may see the reset instead of the answer. Refused all the same.
        if (req.what === 'huge header' && /hang up|ECONNRESET|EPIPE/.test(err.message)) return 431
        throw new Error(`#${i} ${req.what}: ${req.method} ${req.path.slice(0, 100)}: ${err.message}`)
      })
      if (status < 400 || status >= 500)
        failures.push(`#${i} ${req.what}: ${req.method} ${req.path.slice(0, 100)} → ${status}`)
    }
    expect(failures).toEqual([])
    expect(await counts()).toEqual(before)
    expect(kinds.size).toBeGreaterThanOrEqual(7)
    // Still serving a good request.
    const ok = await bot.client.createMessage({
      conversationId: conv,
      userId: bot.id,
      type: 'text',
      payload: { text: 'still here' },
      tags: {},
    })
    expect(ok.message.payload).toEqual({ text: 'still here' })
  })

  it('names the problem', async () => {
    const body = (text: string) =>
      Buffer.from(
        JSON.stringify({ conversationId: conv, userId: bot.id, type: 'text', payload: { text }, tags: {} }),
      )
    const read = (path: string, b?: Buffer) =>
      new Promise<{ status: number; message: string }>((resolve, reject) => {
        const r = request(
          {
            host: '127.0.0.1',
            port: port(),
            method: b ? 'POST' : 'GET',
            path,
            headers: {
              authorization: `Bearer ${bot.token}`,
              'x-bot-id': bot.id,
              'content-type': 'application/json',
            },
          },
          (res) => {
            let t = ''
            res.on('data', (c: Buffer) => (t += c.toString()))
            res.on('end', () => resolve({ status: res.statusCode!, message: JSON.parse(t).message }))
          },
        )
        r.on('error', reject)
        r.end(b)
      })
    expect(await read('/v1/chat/messages', body('a\u0000b'))).toEqual({
      status: 400,
      message: expect.stringMatching(/^body\.payload\.text: contains a NUL/),
    })
    expect(await read('/v1/chat/messages', body('\ud800'))).toEqual({
      status: 400,
      message: expect.stringMatching(/^body\.payload\.text: contains a lone UTF-16 surrogate/),
    })
    expect(await read('/v1/chat/conversations/%00')).toEqual({
      status: 400,
      message: expect.stringMatching(/^path\.id: contains a NUL/),
    })
    expect(await read(`/v1/chat/messages?conversationId=%00`)).toEqual({
      status: 400,
      message: expect.stringMatching(/^query\.conversationId: contains a NUL/),
    })
    const deep = Buffer.from(
      `{"conversationId":"${conv}","userId":"${bot.id}","type":"text","tags":{},"payload":${deepJson(10_000, 'object')}}`,
    )
    expect(await read('/v1/chat/messages', deep)).toEqual({
      status: 400,
      message: expect.stringMatching(/nested deeper than 64 levels/),
    })
    expect((await read('/v1/chat/messages', body('x'.repeat(130 * 1024)))).message).toMatch(
      /body\.payload: larger than 128 KiB/,
    )
  })
})
