import type { Queryable } from '@switchboard/db'
import { announceEvent } from '../chat/announce.js'
import type { ChatDeps } from '../chat/deps.js'
import type { EventRow } from '../chat/views.js'
import type { DueWork, NextDue } from './scheduler.js'

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

/**
 * When the next item of a `SELECT min(...) AS at` query falls due, and whether it is due now by the
 * database's clock (the one the claims compare with), or null when none is waiting.
 */
export async function earliest(db: Queryable, sql: string): Promise<NextDue | null> {
  const { rows } = await db.query<{ at: Date | null; due: boolean | null }>(
    `SELECT at, at <= now() AS due FROM (${sql}) n`,
  )
  const at = rows[0]?.at
  return at ? { at, due: rows[0]!.due === true } : null
}
