import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../testing/harness.js'

// Findings of a hostile-input fuzz run: each used to be a crash of the process or a 500 from
// Postgres; each must be a 400 naming the field, through the real HTTP stack and database.

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let conv: string

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('hostile-queries-bot')
  const integ = await h.install(bot, await h.createIntegration('webhook'))
  conv = (await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'c' } })).conversation
    .id
})
afterAll(() => h.close())

async function call(
  method: string,
  path: string,
  body?: unknown,
  auth = true,
): Promise<{ status: number; message: string; body: Record<string, unknown> }> {
  const res = await fetch(`${h.apiUrl}${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bearer ${bot.token}`, 'x-bot-id': bot.id } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = (await res.json()) as Record<string, unknown>
  return { status: res.status, message: String(json.message ?? ''), body: json }
}

const token = (v: unknown, id: unknown) => Buffer.from(JSON.stringify({ v, id })).toString('base64url')

describe('query strings that used to kill the process', () => {
  it.each([
    ['tags=b&tags.id=a', 'tags'],
    ['tags.id=a&tags=b', 'tags'],
    ['tags=b&tags[id]=a', 'tags'],
    ['a=1&a.b=2', 'a'],
  ])('%s, unauthenticated, is a 400 naming the key, and the server lives on', async (qs, key) => {
    const r = await call('GET', `/v1/chat/users?${qs}`, undefined, false)
    expect(r.status).toBe(400)
    expect(r.message).toContain(`query: "${key}" is given both as a value and as an object`)
    const alive = await call('GET', '/v1/chat/users')
    expect(alive.status).toBe(200)
  })

  it('prototype keys are dropped, in every form', async () => {
    const r = await call('GET', '/v1/chat/users?__proto__[]=x&__proto__=y&constructor.a=1&tags.__proto__=z')
    expect(r.status).toBe(200)
    expect(({} as Record<string, unknown>).a).toBeUndefined()
  })
})

describe('forged nextToken', () => {
  const forged = [
    ['a bare number', token('1', 'conv_01HZZZZZZZZZZZZZZZZZZZZZZZ')],
    ['a date Date.parse reads loosely', token('2020-01-01 (hello)', 'msg_01HZZZZZZZZZZZZZZZZZZZZZZZ')],
    ['a year beyond 9999', token('+275760-09-13T00:00:00.000Z', 'msg_01HZZZZZZZZZZZZZZZZZZZZZZZ')],
    ['a NUL in v', token('2020-01-01T00:00:00.000Z\u0000', 'msg_01HZZZZZZZZZZZZZZZZZZZZZZZ')],
    ['a NUL in id', token('2020-01-01T00:00:00.000Z', 'msg_01HZZZZZZZZZZZZZZZZZZZZZZZ\u0000')],
  ]
  it.each(forged)('%s is a 400 on every keyset list', async (_, t) => {
    for (const path of [
      `/v1/chat/messages?conversationId=${conv}&nextToken=${t}`,
      `/v1/chat/conversations?nextToken=${t}`,
      `/v1/chat/users?nextToken=${t}`,
      `/v1/chat/events?nextToken=${t}`,
      `/v1/chat/conversations/${conv}/participants?nextToken=${t}`,
      `/v1/chat/workflows?nextToken=${t}`,
      `/v1/chat/tasks?nextToken=${t}`,
    ]) {
      const r = await call('GET', path)
      expect({ path, status: r.status }).toEqual({ path, status: 400 })
      expect(r.message).toMatch(/^nextToken: /)
    }
  })

  it('a tag-values token with a NUL is a 400', async () => {
    const t = Buffer.from(JSON.stringify({ after: 'a\u0000' })).toString('base64url')
    const r = await call('GET', `/v1/chat/tags/id/values?type=conversation&nextToken=${t}`)
    expect(r.status).toBe(400)
    expect(r.message).toMatch(/^nextToken: /)
  })

  it('the tokens the server issues are still taken', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/v1/chat/users', { tags: {} })
    const first = await call('GET', '/v1/chat/users?pageSize=1')
    const next = (first.body.meta as { nextToken?: string }).nextToken
    expect(next).toBeTruthy()
    expect((await call('GET', `/v1/chat/users?pageSize=1&nextToken=${next}`)).status).toBe(200)
  })
})

describe('dates Postgres cannot hold', () => {
  const badDateTimes = ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '+275760-09-13T00:00:00Z', '1']

  it.each(badDateTimes)('afterDate=%s is a 400 naming the field', async (d) => {
    const r = await call('GET', `/v1/chat/conversations?afterDate=${encodeURIComponent(d)}`)
    expect(r.status).toBe(400)
    expect(r.message).toMatch(/afterDate.*ISO 8601 date-time/)
  })

  it('an ordinary date-time with an offset is still taken', async () => {
    const r = await call(
      'GET',
      `/v1/chat/conversations?afterDate=${encodeURIComponent('2020-01-01T00:00:00+05:30')}`,
    )
    expect(r.status).toBe(200)
  })

  it.each(badDateTimes.slice(0, 2))('a file expiresAt of %s is a 400', async (d) => {
    const r = await call('PUT', '/v1/files', { key: 'c.txt', size: 1, expiresAt: d })
    expect(r.status).toBe(400)
    expect(r.message).toMatch(/expiresAt.*ISO 8601 date-time/)
  })

  it('bot analytics of year 0000 is a 400', async () => {
    const r = await call('GET', `/v1/admin/bots/${bot.id}/analytics?startDate=0000-01-01&endDate=0000-01-02`)
    expect(r.status).toBe(400)
    expect(r.message).toMatch(/startDate.*YYYY-MM-DD/)
  })

  it('a table date-time cell is checked strictly, and a good one is stored as sent', async () => {
    const schema = { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } }
    expect((await call('POST', '/v1/tables', { name: 'datesTable', schema })).status).toBeLessThan(300)
    for (const at of ['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '1']) {
      const r = await call('POST', '/v1/tables/datesTable/rows', { rows: [{ at }] })
      expect({ at, status: r.status }).toEqual({ at, status: 400 })
      expect(r.message).toMatch(/at: expected a date-time string/)
    }
    const ok = await call('POST', '/v1/tables/datesTable/rows', {
      rows: [{ at: '2020-01-01T05:30:00+05:30' }],
    })
    expect(ok.status).toBe(200)
    expect((ok.body.rows as Array<{ at: string }>)[0]!.at).toBe('2020-01-01T00:00:00.000Z')
  })
})

describe('numbers too big for their column', () => {
  it('minMessageCount beyond an integer is a 400', async () => {
    const r = await call('GET', '/v1/chat/conversations?minMessageCount=9007199254740991')
    expect(r.status).toBe(400)
    expect(r.message).toMatch(/minMessageCount/)
  })

  it('an analytics counter that would overflow is a 400, leaves the count, and still takes small adds', async () => {
    const max = Number.MAX_SAFE_INTEGER
    expect((await call('POST', '/v1/chat/analytics', { name: 'ovf', count: max - 1 })).status).toBe(200)
    const over = await call('POST', '/v1/chat/analytics', { name: 'ovf', count: 2 })
    expect(over.status).toBe(400)
    expect(over.message).toMatch(/^count: counter "ovf" would pass/)
    expect((await call('POST', '/v1/chat/analytics', { name: 'ovf', count: 1 })).status).toBe(200)
    const { rows } = await h.api.pool.query(`SELECT count::text FROM analytics_counts WHERE name = 'ovf'`)
    expect(rows).toEqual([{ count: String(max) }])
    const tooBig = await call('POST', '/v1/chat/analytics', { name: 'ovf2', count: 2 ** 60 })
    expect(tooBig.status).toBe(400)
    expect(tooBig.message).toMatch(/count/)
  })
})
