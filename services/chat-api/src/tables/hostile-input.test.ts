import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('patterns')
})
afterAll(() => h.close())

const withPattern = (pattern: string) => ({
  type: 'object',
  properties: { p: { type: 'string', pattern } },
})

/** The longest the event loop went without a turn while `fn` ran (the server runs in this process). */
async function longestStall(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now()
  let longest = 0
  const ticker = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, 5)
  try {
    await fn()
  } finally {
    clearInterval(ticker)
  }
  return longest
}

describe('column patterns run in linear time', () => {
  it('checks a row against ^(a+)+$ without freezing the process, 400 when it does not match', async () => {
    await bot.client.createTable({ name: 'redosTable', schema: withPattern('^(a+)+$') })
    // 26 a's and a "!" took the backtracking engine about 2 s here (each a more doubles it).
    let err: Awaited<ReturnType<typeof apiError>> | undefined
    const stall = await longestStall(async () => {
      err = await apiError(() =>
        bot.client.createTableRows({ table: 'redosTable', rows: [{ p: `${'a'.repeat(26)}!` }] }),
      )
    })
    expect(err).toMatchObject({ code: 400 })
    expect(err!.message).toMatch(/body\.rows\[0\]\.p: does not match the pattern \^\(a\+\)\+\$/)
    expect(stall).toBeLessThan(1000)
    const ok = await bot.client.createTableRows({ table: 'redosTable', rows: [{ p: 'a'.repeat(4000) }] })
    expect(ok.rows).toHaveLength(1)
  })

  it('checks patterns off the event loop, and stops a call whose checks run past the limit with a 400', async () => {
    // Linear, but many states: about 1.5 s per 120,000-character value here (10 s for the seven), so
    // even a machine several times faster passes the limit; the worker is stopped at the limit.
    const heavy = '(?:[ab]?){16}'.repeat(15) + 'x'
    await bot.client.createTable({ name: 'heavyTable', factor: 30, schema: withPattern(heavy) })
    const rows = Array.from({ length: 7 }, () => ({ p: `${'a'.repeat(120_000)}x` })) // each matches, at its end
    let err: Awaited<ReturnType<typeof apiError>> | undefined
    const stall = await longestStall(async () => {
      err = await apiError(() => bot.client.createTableRows({ table: 'heavyTable', rows }))
    })
    expect(err).toMatchObject({ code: 400 })
    expect(err!.message).toMatch(
      /body\.rows\[0\]\.p: checking this call's values against column patterns took over 2000 ms/,
    )
    expect(stall).toBeLessThan(1000)
    expect((await bot.client.getTable({ table: 'heavyTable' })).rows).toBe(0)
    // The next call gets a fresh worker.
    const ok = await bot.client.createTableRows({ table: 'heavyTable', rows: [{ p: 'abx' }] })
    expect(ok.rows).toHaveLength(1)
  })

  it('refuses at createTable and updateTable a pattern the linear engine cannot run, naming the column and why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['^(a)\\1$', /cannot be checked in linear time: backreferences, lookahead/],
      ['^a(?=b)', /cannot be checked in linear time/],
      ['(?<!x)y', /cannot be checked in linear time/],
      ['^.{0,50}$', /repetition counts over 16/],
      ['^\\p{L}+$', /Unicode property escapes/],
      ['^\\u{1F600}$', /\\u\{…\} escapes are not supported/],
      ['^😀$', /outside the Basic Multilingual Plane/],
      ['(', /not a valid regular expression/],
      ['a'.repeat(257), /longer than 256 characters/],
    ]
    for (const [pattern, why] of cases) {
      const err = await apiError(() =>
        bot.client.createTable({ name: 'refusedTable', schema: withPattern(pattern) }),
      )
      expect(err.code).toBe(400)
      expect(err.message).toMatch(/body\.schema\.properties\.p\.pattern: /)
      expect(err.message).toMatch(why)
    }
    await bot.client.createTable({ name: 'laterTable', schema: withPattern('^[a-z]{2,16}$') })
    const err = await apiError(() =>
      bot.client.updateTable({ table: 'laterTable', schema: withPattern('^(?:(x)\\1)$') }),
    )
    expect(err.code).toBe(400)
    expect(err.message).toMatch(/body\.schema\.properties\.p\.pattern: cannot be checked in linear time/)
    expect((await bot.client.getTable({ table: 'laterTable' })).table.schema.properties.p).toMatchObject({
      pattern: '^[a-z]{2,16}$',
    })
  })

  it('accepts the patterns tables use and matches them as JSON schema does', async () => {
    const email = '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$'
    await bot.client.createTable({ name: 'emailTable', schema: withPattern(email) })
    await bot.client.createTableRows({ table: 'emailTable', rows: [{ p: 'ann@example.org' }] })
    const err = await apiError(() =>
      bot.client.createTableRows({ table: 'emailTable', rows: [{ p: 'ann@' }] }),
    )
    expect(err.code).toBe(400)
    expect(err.message).toMatch(/body\.rows\[0\]\.p: does not match the pattern/)
  })

  it('never runs a pattern stored before these rules on the backtracking engine', async () => {
    await bot.client.createTable({ name: 'olderTable', schema: withPattern('^a$') })
    // As a table created before patterns were checked could hold: a backreference.
    await h.api.pool.query(
      `UPDATE user_tables SET columns = jsonb_set(columns, '{0,pattern}', to_jsonb('^(a)\\1$'::text)) WHERE name = 'olderTable'`,
    )
    const err = await apiError(() => bot.client.createTableRows({ table: 'olderTable', rows: [{ p: 'aa' }] }))
    expect(err.code).toBe(400)
    expect(err.message).toMatch(
      /body\.rows\[0\]\.p: the column's stored pattern cannot be run \(cannot be checked in linear time.*\); give the column another pattern with updateTable/,
    )
  })
})

describe('numbers bound for integer columns', () => {
  it('refuses a $size past what an integer holds with a 400, not a 500', async () => {
    await bot.client.createTable({
      name: 'listsTable',
      schema: { type: 'object', properties: { l: { type: 'array' } } },
    })
    await bot.client.createTableRows({ table: 'listsTable', rows: [{ l: [1, 2] }] })
    for (const size of [1e300, 2 ** 31]) {
      const err = await apiError(() =>
        bot.client.findTableRows({ table: 'listsTable', filter: { l: { $size: size } } }),
      )
      expect(err.code).toBe(400)
      expect(err.message).toMatch(/filter\.l\.\$size: must be a non-negative integer \(at most 2147483647\)/)
    }
    const { rows } = await bot.client.findTableRows({ table: 'listsTable', filter: { l: { $size: 2 } } })
    expect(rows).toHaveLength(1)
  })
})
