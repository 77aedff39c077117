import { createTestDatabase, type TestDatabase } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createPool,
  inlineValues,
  isStalePreparedStatement,
  prepared,
  withTransaction,
  type Pool,
} from './pool.js'

let db: TestDatabase
let pool: Pool

beforeAll(async () => {
  db = await createTestDatabase()
  // One connection, so every query below meets the statements the earlier ones prepared.
  pool = createPool({ url: db.url, max: 1 })
  await pool.query(`CREATE TABLE notes (id int PRIMARY KEY, text text)`)
  await pool.query(`INSERT INTO notes VALUES (1, 'one')`)
})
afterAll(async () => {
  await pool.end()
  await db.drop()
})

const readNote = () =>
  withTransaction(
    pool,
    async (tx) => (await tx.query(prepared(`SELECT * FROM notes WHERE id = $1`, [1]))).rows[0],
  )

it('runs a prepared statement again and again on one connection, with new values each time', async () => {
  for (let i = 2; i < 10; i++) {
    await pool.query(prepared(`INSERT INTO notes VALUES ($1, $2)`, [i, `note ${i}`]))
  }
  const { rows } = await pool.query(prepared(`SELECT count(*)::int AS n FROM notes WHERE id > $1`, [1]))
  expect(rows[0].n).toBe(8)
  expect(await readNote()).toEqual({ id: 1, text: 'one' })
})

it("fails once after a migration changed a prepared SELECT *'s columns, then works on a fresh connection", async () => {
  expect(await readNote()).toEqual({ id: 1, text: 'one' })
  // What another replica's migration does while this one runs.
  await pool.query(`ALTER TABLE notes ADD COLUMN tags jsonb NOT NULL DEFAULT '{}'`)
  const err = await readNote().catch((e: unknown) => e)
  expect(isStalePreparedStatement(err)).toBe(true)
  expect(await readNote()).toEqual({ id: 1, text: 'one', tags: {} })
})

it('inlines values as literals Postgres reads back exactly, hostile strings included', async () => {
  const values: unknown[] = [
    "it's",
    "back\\slash \\' and a quote",
    "'); DROP TABLE notes; --",
    'ünïcödé ✓ 𝄞',
    { nested: { quote: "o'k", backslash: '\\n', list: [1, null, true] } },
    42,
    -1.5,
    null,
    true,
  ]
  const text = `SELECT $1::text AS a, $2::text AS b, $3::text AS c, $4::text AS d, $5::jsonb AS e,
    $6::int AS f, $7::float8 AS g, $8::text AS h, $9::boolean AS i`
  const inlined = (await pool.query(inlineValues(text, values))).rows[0]
  const bound = (await pool.query(text, values)).rows[0]
  expect(inlined).toEqual(bound)
  expect(inlined.c).toBe("'); DROP TABLE notes; --")
  expect((await pool.query(`SELECT count(*)::int AS n FROM notes`)).rows[0].n).toBeGreaterThan(0)
  expect(() => inlineValues('SELECT $2', [1])).toThrow('no value for $2')
  expect(() => inlineValues('SELECT $1', [Number.NaN])).toThrow('not a number')
})

it('commits with its last statement in one round trip, and commits nothing when that statement fails', async () => {
  await withTransaction(pool, async (tx, _after, commit) => {
    await tx.query(`INSERT INTO notes (id, text) VALUES (100, 'first')`)
    const r = await commit(`INSERT INTO notes (id, text) VALUES ($1, $2) RETURNING id`, [101, 'last'])
    expect(r.rows).toEqual([{ id: 101 }])
  })
  const ids = async () =>
    (await pool.query(`SELECT id FROM notes WHERE id >= 100 ORDER BY id`)).rows.map((r) => r.id)
  expect(await ids()).toEqual([100, 101])
  const err = await withTransaction(pool, async (tx, _after, commit) => {
    await tx.query(`INSERT INTO notes (id, text) VALUES (102, 'not kept')`)
    await commit(`INSERT INTO notes (id, text) VALUES ($1, $2)`, [101, 'a duplicate'])
  }).catch((e: unknown) => e)
  expect((err as { code?: string }).code).toBe('23505')
  expect(await ids()).toEqual([100, 101])
})
