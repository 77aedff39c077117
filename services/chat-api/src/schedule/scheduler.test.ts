import { createPool, type Pool } from '@switchboard/db'
import { createLogger } from '@switchboard/logging'
import { createTestDatabase, waitFor, type TestDatabase } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Scheduler, type DueWork } from './scheduler.js'

/**
 * The scheduler's loop on its own, with kinds of work whose due times the test sets: a kind is
 * claimed only once its time has come, so an idle platform pays one look per kind and round.
 */
let db: TestDatabase
let pool: Pool
beforeAll(async () => {
  db = await createTestDatabase()
  pool = createPool({ url: db.url, max: 2 })
})
afterAll(async () => {
  await pool?.end()
  await db?.drop()
})

/** A kind of work with `items` due at `dueAt` (null: none waiting), counting looks and claims. */
interface CountedWork extends DueWork {
  looks: number
  claims: number
  delivered: number
}

function work(name: string, dueAt: () => Date | null, items: number): CountedWork {
  const w: CountedWork = {
    looks: 0,
    claims: 0,
    delivered: 0,
    name,
    async nextDue() {
      w.looks++
      const at = w.delivered < items ? dueAt() : null
      return at && { at, due: at.getTime() <= Date.now() }
    },
    async deliverOne(tx) {
      w.claims++
      // A real claim's transaction: the scheduler's own, on the real pool.
      await tx.query('SELECT 1')
      if (w.delivered >= items) return false
      w.delivered++
      return true
    },
  }
  return w
}

it('claims a kind only when its time has come: nothing due costs no claim, a due kind is drained', async () => {
  const idle = work('idle', () => null, 0)
  const later = work('later', () => new Date(Date.now() + 60_000), 1)
  let dueNow = false
  const soon = work('soon', () => (dueNow ? new Date(Date.now() - 1) : new Date(Date.now() + 60_000)), 3)
  let kicks = 0
  const scheduler = new Scheduler({
    pool,
    logger: createLogger({ service: 'test', level: 'silent' }),
    work: [idle, later, soon],
    onOutbox: () => kicks++,
    pollMs: 50,
  })
  scheduler.start()
  try {
    await waitFor('a few idle rounds', () => idle.looks >= 4 && soon.looks >= 4)
    expect([idle.claims, later.claims, soon.claims]).toEqual([0, 0, 0])
    dueNow = true
    await waitFor('the due kind drained', () => soon.delivered === 3)
    // Three claims that delivered and the one that found nothing more; the others still unclaimed.
    await waitFor('the round over', () => soon.claims >= 4)
    expect(soon.delivered).toBe(3)
    expect(kicks).toBe(3)
    expect([idle.claims, later.claims]).toEqual([0, 0])
  } finally {
    await scheduler.stop()
  }
})
