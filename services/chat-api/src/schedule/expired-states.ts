import { announceEvent } from '../chat/announce.js'
import type { ChatDeps } from '../chat/deps.js'
import { stateView, type EventRow, type StateRow } from '../chat/views.js'
import { newId } from '../ids.js'
import { earliest } from './due-events.js'
import type { DueWork } from './scheduler.js'

/** The event type the SDK's bot server hands to `bot.on.stateExpired` handlers. */
export const STATE_EXPIRED = 'state_expired'

/**
 * States idle past their expiry: each is deleted and a `state_expired` event (payload `{state}`, as
 * the SDK's bot server reads it) is recorded and announced to the bot, in one transaction. Reads never
 * return an expired state, whether or not this has run yet. An integration's own states expire
 * silently: no bot handler is meant for them.
 */
export function expiredStates(deps: Pick<ChatDeps, 'names'>): DueWork {
  return {
    name: 'expired states',
    async deliverOne(tx) {
      const { rows } = await tx.query<StateRow>(
        `DELETE FROM states WHERE id = (
           SELECT id FROM states WHERE expires_at <= now() ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED
         ) RETURNING *`,
      )
      const state = rows[0]
      if (!state) return false
      if (state.type === 'integration') return true
      const { rows: events } = await tx.query<EventRow & { installation_id: string | null }>(
        `INSERT INTO events (id, bot_id, type, payload, conversation_id, user_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [
          newId('evt'),
          state.bot_id,
          STATE_EXPIRED,
          { state: stateView(state) },
          state.type === 'conversation' ? state.owner_id : null,
          state.type === 'user' ? state.owner_id : null,
        ],
      )
      await announceEvent(tx, deps, events[0]!)
      return true
    },
    nextDue: (db) => earliest(db, `SELECT min(expires_at) AS at FROM states`),
  }
}
