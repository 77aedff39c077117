import type { Queryable } from '@switchboard/db'
import { InvalidInputError } from '@switchboard/errors'
import { announceEvent } from '../chat/announce.js'
import type { ChatDeps } from '../chat/deps.js'
import type { EventRow } from '../chat/views.js'
import { newId } from '../ids.js'
import { nextCronTime } from './cron.js'
import { earliest } from './due-events.js'
import type { DueWork } from './scheduler.js'

/** One entry of a bot definition's `recurringEvents` (SDK `BotDefinition`). */
export interface RecurringEventDefinition {
  type: string
  payload?: Record<string, unknown>
  schedule: { cron: string }
}

/** Checks a definition's `recurringEvents` (400 naming the bad field) and returns them by name. */
export function parseRecurringEvents(definition: unknown): Record<string, RecurringEventDefinition> {
  const rec = (definition as { recurringEvents?: unknown } | null)?.recurringEvents ?? {}
  if (typeof rec !== 'object' || Array.isArray(rec) || rec === null)
    throw new InvalidInputError('definition.recurringEvents: must be an object of named recurring events')
  const out: Record<string, RecurringEventDefinition> = {}
  for (const [name, value] of Object.entries(rec as Record<string, Partial<RecurringEventDefinition>>)) {
    const where = `definition.recurringEvents.${name}`
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(name)) throw new InvalidInputError(`${where}: invalid name`)
    if (typeof value?.type !== 'string' || !/^[A-Za-z0-9_:.#-]{1,200}$/.test(value.type))
      throw new InvalidInputError(`${where}.type: must be an event type`)
    const cron = value.schedule?.cron
    if (typeof cron !== 'string') throw new InvalidInputError(`${where}.schedule.cron: required`)
    try {
      if (!nextCronTime(cron)) throw new Error('it names no future time')
    } catch (err) {
      throw new InvalidInputError(`${where}.schedule.cron: ${(err as Error).message}`)
    }
    out[name] = { type: value.type, payload: value.payload ?? {}, schedule: { cron } }
  }
  return out
}

/**
 * Makes the bot's recurring events what its definition declares, in the caller's transaction: new
 * ones are scheduled from now, removed ones stop, one whose schedule changed is rescheduled.
 * Returns the earliest next firing, for the scheduler.
 */
export async function syncRecurringEvents(
  tx: Queryable,
  botId: string,
  events: Record<string, RecurringEventDefinition>,
): Promise<Date | null> {
  const names = Object.keys(events)
  await tx.query(`DELETE FROM recurring_events WHERE bot_id = $1 AND NOT (name = ANY($2))`, [botId, names])
  let first: Date | null = null
  for (const [name, ev] of Object.entries(events)) {
    const next = nextCronTime(ev.schedule.cron)!
    const { rows } = await tx.query<{ next_at: Date }>(
      `INSERT INTO recurring_events (bot_id, name, cron, type, payload, next_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (bot_id, name) DO UPDATE SET type = EXCLUDED.type, payload = EXCLUDED.payload,
         next_at = CASE WHEN recurring_events.cron = EXCLUDED.cron THEN recurring_events.next_at ELSE EXCLUDED.next_at END,
         cron = EXCLUDED.cron
       RETURNING next_at`,
      [botId, name, ev.schedule.cron, ev.type, ev.payload ?? {}, next],
    )
    const at = rows[0]!.next_at
    if (!first || at < first) first = at
  }
  return first
}

/**
 * Recurring events whose time has come: each fires one event for its bot (announced like any) and is
 * moved to its next time after now, in one transaction. Firings missed while everything was down are
 * not made up: the event fires once, then keeps its schedule.
 */
export function recurringEvents(deps: Pick<ChatDeps, 'names'>): DueWork {
  return {
    name: 'recurring events',
    async deliverOne(tx) {
      const { rows } = await tx.query<{
        bot_id: string
        name: string
        cron: string
        type: string
        payload: object
      }>(
        `SELECT bot_id, name, cron, type, payload FROM recurring_events WHERE next_at <= now()
         ORDER BY next_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      )
      const due = rows[0]
      if (!due) return false
      const { rows: events } = await tx.query<EventRow & { installation_id: string | null }>(
        `INSERT INTO events (id, bot_id, type, payload) VALUES ($1, $2, $3, $4) RETURNING *`,
        [newId('evt'), due.bot_id, due.type, due.payload],
      )
      await announceEvent(tx, deps, events[0]!)
      const next = nextCronTime(due.cron)
      if (next)
        await tx.query(`UPDATE recurring_events SET next_at = $3 WHERE bot_id = $1 AND name = $2`, [
          due.bot_id,
          due.name,
          next,
        ])
      else
        await tx.query(`DELETE FROM recurring_events WHERE bot_id = $1 AND name = $2`, [due.bot_id, due.name])
      return true
    },
    nextDue: (db) => earliest(db, `SELECT min(next_at) AS at FROM recurring_events`),
  }
}
