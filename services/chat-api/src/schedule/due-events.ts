import type { Queryable } from '@switchboard/db'
import { announceEvent } from '../chat/announce.js'
import type { ChatDeps } from '../chat/deps.js'
import type { EventRow } from '../chat/views.js'
import type { DueWork } from './scheduler.js'

const BATCH = 50

/**
 * Scheduled events whose time has come: each is claimed, marked `pending` and announced to its bot
 * in one transaction. A cancelled event is `canceled`, so it is never claimed.
 */
export function dueEvents(deps: Pick<ChatDeps, 'names'>): DueWork {
  return {
    name: 'scheduled events',
    async deliverOne(tx) {
      // Up to a batch of due events per transaction: each is still claimed, marked and announced once.
      const { rows } = await tx.query<EventRow & { installation_id: string | null }>(
        `UPDATE events SET status = 'pending', scheduled_for = NULL WHERE id IN (
           SELECT id FROM events WHERE status = 'scheduled' AND scheduled_for <= now()
           ORDER BY scheduled_for, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [BATCH],
      )
      rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))
      for (const row of rows) await announceEvent(tx, deps, row)
      return rows.length > 0
    },
    nextDue: (db: Queryable) =>
      earliest(db, `SELECT min(scheduled_for) AS at FROM events WHERE status = 'scheduled'`),
  }
}

/** The time a `SELECT min(...) AS at` query returns, or null. */
export async function earliest(db: Queryable, sql: string): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(sql)
  return rows[0]?.at ?? null
}
