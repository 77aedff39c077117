import { createTestDatabase, type TestDatabase } from '@switchboard/testing'
import type pg from 'pg'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { createPool, isStalePreparedStatement, prepared, withTransaction, type Pool } from './pool.js'

let db: TestDatabase
let pool: Pool
/** A second connection, to see what is committed. */
let other: Pool
/** Round trips made on `pool`'s connections: each ends with exactly one ReadyForQuery. */
let trips = 0
let checkouts = 0

beforeAll(async () => {
  db = await createTestDatabase()
  // One connection, so every query below meets the statements the earlier ones prepared.
  pool = createPool({ url: db.url, max: 1 })
  pool.on('connect', (c: pg.PoolClient) => c.connection.on('readyForQuery', () => trips++))
  pool.on('acquire', () => checkouts++)
  other = createPool({ url: db.url, max: 1 })
  await other.query(`CREATE TABLE notes (id int PRIMARY KEY, text text)`)
  await other.query(
    `CREATE TABLE later (id int, CONSTRAINT later_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)`,
  )
})
afterAll(async () => {
  await pool.end()
  await other.end()
  await db.drop()
})
beforeEach(async () => {
  await other.query(`TRUNCATE notes, later`)
  await other.query(`INSERT INTO notes VALUES (1, 'one')`)
})

/** What `f` costs in round trips on `pool`. */
async function roundTrips(f: () => Promise<unknown>): Promise<number> {
  const before = trips
  await f()
  return trips - before
}

const ids = async () =>
  (await other.query<{ id: number }>(`SELECT id FROM notes ORDER BY id`)).rows.map((r) => r.id)

const insert = (id: number, text: string) =>
  prepared(`INSERT INTO notes VALUES ($1, $2) RETURNING id`, [id, text])

const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'none: it succeeded', message: '' }),
    (e: unknown) => e as pg.DatabaseError,
  )

const readNote = () =>
  withTransaction(
    pool,
    async (tx) => (await tx.query(prepared(`SELECT * FROM notes WHERE id = $1`, [1]))).rows[0],
  )

it('runs one statement and its commit in ONE round trip, BEGIN and COMMIT included', async () => {
  await pool.query('SELECT 1') // the connection is open
  let result: unknown
  expect(
    await roundTrips(async () => {
      result = await withTransaction(
        pool,
        async (_tx, _after, commit) => (await commit(insert(2, 'two'))).rows,
      )
    }),
  ).toBe(1)
  expect(result).toEqual([{ id: 2 }])
  expect(await ids()).toEqual([1, 2])
  // A text with values, as chat-api's idempotency passes it, goes the same way.
  expect(
    await roundTrips(() =>
      withTransaction(pool, (_tx, _after, commit) =>
        commit(`INSERT INTO notes VALUES ($1, $2)`, [3, 'three']),
      ),
    ),
  ).toBe(1)
  expect(await ids()).toEqual([1, 2, 3])
})

it('runs two statements and the COMMIT in two round trips, as one transaction', async () => {
  expect(
    await roundTrips(() =>
      withTransaction(pool, async (tx, _after, commit) => {
        expect((await tx.query(insert(10, 'first'))).rows).toEqual([{ id: 10 }])
        // BEGIN went with the first statement: its row is not visible until the COMMIT.
        expect(await ids()).toEqual([1])
        await commit(insert(11, 'last'))
      }),
    ),
  ).toBe(2)
  expect(await ids()).toEqual([1, 10, 11])
  // Without `commit`, the COMMIT is a round trip of its own: three, one less than with BEGIN's own.
  expect(
    await roundTrips(() =>
      withTransaction(pool, async (tx) => {
        await tx.query(insert(12, 'a'))
        await tx.query(`INSERT INTO notes VALUES ($1, $2)`, [13, 'b'])
      }),
    ),
  ).toBe(3)
  expect(await ids()).toEqual([1, 10, 11, 12, 13])
})

it('sends nothing at all, not even a checkout, when fn makes no query', async () => {
  let kicked = false
  const before = checkouts
  expect(
    await roundTrips(() =>
      withTransaction(pool, async (_tx, afterCommit) => {
        afterCommit(() => (kicked = true))
        return 'nothing to do'
      }),
    ),
  ).toBe(0)
  expect(checkouts).toBe(before)
  expect(kicked).toBe(true)
})

it('rolls everything back, with the SQLSTATE, when the first, a middle or the commit statement fails', async () => {
  // The first statement, which carries BEGIN.
  let err = await failure(withTransaction(pool, (tx) => tx.query(insert(1, 'a duplicate'))))
  expect(err.code).toBe('23505')
  // A middle one.
  err = await failure(
    withTransaction(pool, async (tx, _after, commit) => {
      await tx.query(insert(20, 'not kept'))
      await tx.query(`INSERT INTO notes VALUES ($1, $2)`, [1, 'a duplicate'])
      await commit(insert(21, 'never sent'))
    }),
  )
  expect(err.code).toBe('23505')
  // The one sent with the COMMIT.
  err = await failure(
    withTransaction(pool, async (tx, _after, commit) => {
      await tx.query(insert(22, 'not kept'))
      await commit(insert(1, 'a duplicate'))
    }),
  )
  expect(err.code).toBe('23505')
  // The COMMIT itself (a deferred constraint is checked there).
  err = await failure(
    withTransaction(pool, async (tx, _after, commit) => {
      await tx.query(insert(23, 'not kept'))
      await commit(`INSERT INTO later VALUES ($1), ($1)`, [7])
    }),
  )
  expect(err.code).toBe('23505')
  expect(err.message).toContain('later_id')
  expect(await ids()).toEqual([1])
  expect((await other.query(`SELECT * FROM later`)).rowCount).toBe(0)
  // The connection is back in the pool outside any transaction: what it writes now is committed.
  await pool.query(`INSERT INTO notes VALUES (24, 'autocommit')`)
  expect(await ids()).toEqual([1, 24])
})

it('refuses to go on, and commits nothing, after the statement that carried BEGIN failed and fn caught it', async () => {
  // A Parse that fails (no such table) comes before BEGIN: BEGIN never ran, so what follows would
  // otherwise commit statement by statement.
  const err = await withTransaction(pool, async (tx) => {
    await tx.query(prepared(`SELECT * FROM no_such_table WHERE id = $1`, [1])).catch(() => undefined)
    await tx.query(`INSERT INTO notes VALUES ($1, $2)`, [41, 'after a failure'])
  }).catch((e: Error) => e)
  expect(String(err)).toMatch(/first statement failed.*no_such_table/)
  const caught = await withTransaction(pool, async (tx) => {
    await tx.query(prepared(`SELECT * FROM no_such_table WHERE id = $1`, [2])).catch(() => undefined)
    return 'went on'
  }).catch((e: { code?: string }) => e.code)
  expect(caught).toBe('42P01')
  expect(await ids()).toEqual([1])
})

it('parses a prepared statement once per connection, also when its first use failed', async () => {
  const text = `INSERT INTO notes VALUES ($1, $2) RETURNING id`
  const count = async () =>
    (
      await pool.query<{ n: number; runs: number }>(
        `SELECT count(*)::int AS n, coalesce(sum(generic_plans + custom_plans), 0)::int AS runs
         FROM pg_prepared_statements WHERE statement = $1`,
        [text],
      )
    ).rows[0]!
  const before = await count()
  expect(before.n).toBe(1) // from the tests above, on this one connection
  for (let i = 30; i < 40; i++) await withTransaction(pool, (_tx, _after, commit) => commit(insert(i, 'x')))
  expect(await count()).toEqual({ n: 1, runs: before.runs + 10 })

  // A statement whose Parse fails (its table is not there yet) is not taken as prepared...
  const read = () =>
    withTransaction(pool, (tx) => tx.query(prepared(`SELECT id FROM todo WHERE id = $1`, [1])))
  expect((await failure(read())).code).toBe('42P01')
  await other.query(`CREATE TABLE todo (id int)`)
  expect((await read()).rowCount).toBe(0)
  // ...and one that parsed but failed to execute on first use is not parsed again.
  const dup = () =>
    withTransaction(pool, (tx) => tx.query(prepared(`INSERT INTO todo SELECT $1::int / $2::int`, [1, 0])))
  expect((await failure(dup())).code).toBe('22012')
  expect((await failure(dup())).code).toBe('22012')
})

it('carries hostile strings exactly, and refuses a NUL with a clear error', async () => {
  const hostile = [
    "it's",
    "back\\slash \\' and a quote",
    "'); DROP TABLE notes; --",
    'ünïcödé ✓ 𝄞',
    '$1 and $$ dollars $tag$',
  ]
  for (const [i, text] of hostile.entries()) {
    const r = await withTransaction(pool, (_tx, _after, commit) =>
      commit(`INSERT INTO notes VALUES ($1, $2) RETURNING text`, [100 + i, text]),
    )
    expect(r.rows).toEqual([{ text }])
  }
  const stored = await other.query<{ text: string }>(`SELECT text FROM notes WHERE id >= 100 ORDER BY id`)
  expect(stored.rows.map((r) => r.text)).toEqual(hostile)
  const json = { nested: { quote: "o'k", backslash: '\\n', list: [1, null, true] } }
  const j = await withTransaction(pool, (tx) => tx.query(`SELECT $1::jsonb AS j`, [json]))
  expect(j.rows[0].j).toEqual(json)

  const err = await failure(
    withTransaction(pool, async (tx, _after, commit) => {
      await tx.query(insert(200, 'not kept'))
      await commit(insert(201, 'a NUL \u0000 inside'))
    }),
  )
  expect(err.code).toBe('22021')
  expect(err.message).toContain('0x00')
  expect(await ids()).not.toContain(200)
})

it('runs a first text without values, several statements in it, in the transaction', async () => {
  expect(
    await roundTrips(async () => {
      const err = await failure(
        withTransaction(pool, async (tx) => {
          await tx.query(`INSERT INTO notes VALUES (300, 'a'); INSERT INTO notes VALUES (301, 'b')`)
          await tx.query(insert(1, 'a duplicate'))
        }),
      )
      expect(err.code).toBe('23505')
    }),
  ).toBe(3) // the two statements, then ROLLBACK
  expect(await ids()).toEqual([1])
  const r = await withTransaction(pool, (tx) => tx.query(`SELECT text FROM notes WHERE id = 1`))
  expect(r.rows).toEqual([{ text: 'one' }])
  // A syntax error's position points into the caller's text, as without the BEGIN ahead of it.
  const text = `SELECT text FROM notes WHERE id = 1 ORDER BY BY id`
  const alone = (await failure(pool.query(text))) as pg.DatabaseError
  const inTx = (await failure(withTransaction(pool, (tx) => tx.query(text)))) as pg.DatabaseError
  expect([inTx.code, alone.code]).toEqual(['42601', '42601'])
  expect(inTx.position).toBe(alone.position)
  expect(text.slice(Number(inTx.position) - 1)).toBe('id')
})

it("fails once after a migration changed a prepared SELECT *'s columns, then works on a fresh connection", async () => {
  expect(await readNote()).toEqual({ id: 1, text: 'one' })
  // What another replica's migration does while this one runs.
  await other.query(`ALTER TABLE notes ADD COLUMN tags jsonb NOT NULL DEFAULT '{}'`)
  const err = await readNote().catch((e: unknown) => e)
  expect(isStalePreparedStatement(err)).toBe(true)
  expect(await readNote()).toEqual({ id: 1, text: 'one', tags: {} })
  await other.query(`ALTER TABLE notes DROP COLUMN tags`)
})

it('releases a connection that died mid-transaction as broken, and the next transaction gets a fresh one', async () => {
  const pid = async () => (await pool.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid
  const first = await pid()
  const err = await failure(
    withTransaction(pool, (tx) => tx.query(`SELECT pg_terminate_backend(pg_backend_pid()) AND $1`, [true])),
  )
  expect(err.code).toBe('57P01')
  expect(await pid()).not.toBe(first)
  expect(await readNote()).toEqual({ id: 1, text: 'one' })
})
