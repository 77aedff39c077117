import { createPool, prepared, withTransaction, type Pool } from '@switchboard/db'
import type pg from 'pg'
import { createTestDatabase, type TestDatabase } from '@switchboard/testing'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { afterRequestCommit, inRequestTransaction, requestTransactionPool } from './request-transaction.js'

let db: TestDatabase
let pool: Pool
let domain: Pool
/** Round trips on `pool`'s connections: each ends with one ReadyForQuery. */
let trips = 0

beforeAll(async () => {
  db = await createTestDatabase()
  pool = createPool({ url: db.url, max: 4 })
  domain = requestTransactionPool(pool)
  pool.on('connect', (c: pg.PoolClient) => c.connection.on('readyForQuery', () => trips++))
  await pool.query(`CREATE TABLE notes (text text NOT NULL)`)
})
afterAll(async () => {
  await pool.end()
  await db.drop()
})
beforeEach(() => pool.query(`DELETE FROM notes`))

const notes = async () =>
  (await pool.query<{ text: string }>(`SELECT text FROM notes`)).rows.map((r) => r.text)

/** A request: its own transaction, with domain code run inside it through `domain`. */
function request<T>(fn: () => Promise<T>): Promise<T> {
  return withTransaction(pool, (tx, afterCommit) => inRequestTransaction(tx, afterCommit, fn))
}

it("commits the domain's transactions only with the request", async () => {
  const committed: string[] = []
  const kick = afterRequestCommit(() => committed.push('kick'))
  await expect(
    request(async () => {
      await withTransaction(domain, async (tx, afterCommit) => {
        await tx.query(`INSERT INTO notes VALUES ('inner')`)
        afterCommit(kick)
      })
      // The inner transaction "committed"; the request has not.
      expect(await notes()).toEqual([])
      expect(committed).toEqual([])
      throw new Error('the request fails after its inner transaction')
    }),
  ).rejects.toThrow('the request fails')
  expect(await notes()).toEqual([])
  expect(committed).toEqual([])

  await request(() =>
    withTransaction(domain, async (tx, afterCommit) => {
      await tx.query(`INSERT INTO notes VALUES ('kept')`)
      afterCommit(kick)
    }),
  )
  expect(await notes()).toEqual(['kept'])
  expect(committed).toEqual(['kick'])
})

it('rolls the whole request back when an inner transaction failed, even if its error was caught', async () => {
  await expect(
    request(async () => {
      await domain.query(`INSERT INTO notes VALUES ('before')`)
      await withTransaction(domain, async (tx) => {
        await tx.query(`INSERT INTO notes VALUES ('half')`)
        throw new Error('inner failure')
      }).catch(() => undefined)
      return 'went on regardless'
    }),
  ).rejects.toThrow('a transaction within the request rolled back')
  expect(await notes()).toEqual([])
})

it("leaves a joined transaction's commit-with-its-last-statement to the request", async () => {
  await expect(
    request(async () => {
      await withTransaction(domain, async (_tx, _after, commit) => {
        const r = await commit(`INSERT INTO notes VALUES ($1) RETURNING text`, ['with the commit'])
        expect(r.rows).toEqual([{ text: 'with the commit' }])
      })
      expect(await notes()).toEqual([])
      throw new Error('the request fails after it')
    }),
  ).rejects.toThrow('the request fails')
  expect(await notes()).toEqual([])
})

it("sends the request's BEGIN with the first domain statement and its COMMIT with the key's: two round trips", async () => {
  await notes() // a connection is open
  const before = trips
  await withTransaction(pool, async (tx, afterCommit, commit) => {
    await inRequestTransaction(tx, afterCommit, () =>
      withTransaction(domain, async (inner) => {
        await inner.query(prepared(`INSERT INTO notes VALUES ($1)`, ['the work']))
        // Not yet committed: BEGIN went with the statement.
        expect(await notes()).toEqual([])
      }),
    )
    await commit(prepared(`INSERT INTO notes VALUES ($1)`, ['the key']))
  })
  // Two round trips in the request, and the two notes() reads on other connections.
  expect(trips - before).toBe(2 + 1)
  expect((await notes()).sort()).toEqual(['the key', 'the work'])
})

it('marks the request failed when a joined statement fails, with its SQLSTATE', async () => {
  let code: string | undefined
  await expect(
    request(async () => {
      await domain.query(`INSERT INTO notes VALUES ('before')`)
      await withTransaction(domain, (tx) => tx.query(`INSERT INTO notes VALUES ($1)`, [null])).catch(
        (err: { code?: string }) => (code = err.code),
      )
    }),
  ).rejects.toThrow('a transaction within the request rolled back')
  expect(code).toBe('23502')
  expect(await notes()).toEqual([])
})
