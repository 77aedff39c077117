import { createTestDatabase, type TestDatabase } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createPool, isStalePreparedStatement, prepared, withTransaction, type Pool } from './pool.js'

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
