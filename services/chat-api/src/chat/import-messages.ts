import { withTransaction } from '@switchboard/db'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { loadConversation, loadUser } from './access.js'
import type { ChatDeps } from './deps.js'
import { checkMessageType } from './messages.js'
import { discriminatingTags, toStoredTags, withoutRemovals } from './tags.js'
import { messageView, type MessageRow, type MessageView } from './views.js'

/** One message to import, with the time it was originally sent. */
export interface ImportedMessage {
  conversationId: string
  userId: string
  type: string
  payload: Record<string, unknown>
  tags: Record<string, string>
  createdAt: string
  discriminateByTags: string[]
}

/** Most messages one `importMessages` call takes (the spec's `maxItems`). */
export const IMPORT_MAX = 100

/**
 * Imports past messages (history from the external service) with their original `createdAt`. They are
 * stored and counted like any message, but not announced: history is not delivered again. A message
 * whose discriminating tags match one already in its conversation is not imported twice (the existing
 * one is returned). All or nothing: one bad message and nothing is written.
 */
export async function importMessages(
  deps: ChatDeps,
  caller: Caller,
  messages: ImportedMessage[],
): Promise<MessageView[]> {
  const prepared = messages.map((m, i) => {
    checkMessageType(m.type, `messages[${i}].type`)
    const tags = withoutRemovals(toStoredTags(caller, m.tags, `messages[${i}].tags`))
    const match = m.discriminateByTags.length ? discriminatingTags(caller, tags, m.discriminateByTags) : null
    return { ...m, tags, match }
  })
  return withTransaction(deps.pool, async (tx) => {
    const out: MessageView[] = []
    for (const m of prepared) {
      await loadConversation(tx, caller, m.conversationId, { forUpdate: true })
      const isBot = caller.kind === 'bot' && m.userId === caller.botId
      if (!isBot) await loadUser(tx, caller, m.userId)
      if (m.match) {
        const { rows } = await tx.query<MessageRow>(
          `SELECT * FROM messages WHERE conversation_id = $1 AND tags @> $2 ORDER BY created_at, id LIMIT 1`,
          [m.conversationId, m.match],
        )
        if (rows[0]) {
          out.push(messageView(caller, rows[0]))
          continue
        }
      }
      const { rows } = await tx.query<MessageRow>(
        `INSERT INTO messages (id, bot_id, conversation_id, user_id, type, payload, direction, tags, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
        [
          newId('msg'),
          caller.botId,
          m.conversationId,
          m.userId,
          m.type,
          m.payload,
          caller.kind === 'integration' ? 'incoming' : 'outgoing',
          m.tags,
          new Date(m.createdAt),
        ],
      )
      await tx.query(`UPDATE conversations SET message_count = message_count + 1 WHERE id = $1`, [
        m.conversationId,
      ])
      if (!isBot) {
        await tx.query(
          `INSERT INTO participants (conversation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [m.conversationId, m.userId],
        )
      }
      out.push(messageView(caller, rows[0]!))
    }
    return out
  })
}
