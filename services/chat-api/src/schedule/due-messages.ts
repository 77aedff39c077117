import type { Caller } from '../auth/caller.js'
import type { ChatDeps } from '../chat/deps.js'
import { insertMessage, loadMessageTarget, type MessageInput } from '../chat/messages.js'
import { attempt, type DueWork } from './scheduler.js'
import { earliest } from './due-events.js'

/**
 * Scheduled messages whose time has come: each is claimed, created under the id it was given when it
 * was scheduled, announced to its recipient, and removed from `scheduled_messages`, in one
 * transaction. One that can no longer be created (its author was deleted) is dropped and logged.
 */
export function dueMessages(
  deps: Pick<ChatDeps, 'names'>,
  onDropped: (id: string, why: string) => void,
): DueWork {
  return {
    name: 'scheduled messages',
    async deliverOne(tx) {
      const { rows } = await tx.query<{
        id: string
        conversation_id: string
        caller: Caller
        input: MessageInput
      }>(
        `SELECT id, conversation_id, caller, input FROM scheduled_messages WHERE due_at <= now()
         ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      )
      const row = rows[0]
      if (!row) return false
      const failed = await attempt(tx, async () => {
        const target = await loadMessageTarget(tx, row.caller, row.conversation_id, row.input.userId)
        await insertMessage(tx, deps, row.caller, target, row.input, { id: row.id })
      })
      if (failed) onDropped(row.id, failed.message)
      await tx.query(`DELETE FROM scheduled_messages WHERE id = $1`, [row.id])
      return true
    },
    nextDue: (db) => earliest(db, `SELECT min(due_at) AS at FROM scheduled_messages`),
  }
}
