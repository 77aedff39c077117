import type { Queryable } from '@switchboard/db'
import type { EventCreatedNotice } from '@switchboard/nats'
import { enqueue } from '../outbox/outbox.js'
import type { ChatDeps } from './deps.js'
import { eventView, type EventRow } from './views.js'

/**
 * Enqueues the notice that delivers an event row to its bot on SB_BOT, inside the caller's
 * transaction (so it is announced exactly when the row commits), on its conversation's partition
 * when it has one, so it reaches the bot in order with that conversation's messages. The bot sees the event as stored: integration event types prefixed
 * `<alias>:`.
 */
export async function announceEvent(
  tx: Queryable,
  deps: Pick<ChatDeps, 'names'>,
  row: EventRow & { installation_id?: string | null },
): Promise<void> {
  const seq = row.conversation_id
    ? (
        await tx.query<{ seq: number }>(
          `UPDATE conversations SET bot_seq = bot_seq + 1 WHERE id = $1 RETURNING bot_seq AS seq`,
          [row.conversation_id],
        )
      ).rows[0]?.seq
    : undefined
  const notice: EventCreatedNotice = {
    seq,
    kind: 'event_created',
    botId: row.bot_id,
    installationId: row.installation_id ?? null,
    event: { ...eventView({ kind: 'bot', botId: row.bot_id }, row) },
  }
  // Its conversation's partition keeps it in order with the conversation's messages (docs/adr/0005).
  await enqueue(tx, deps.names.subjects.bot(row.bot_id, row.conversation_id ?? undefined), notice)
}
