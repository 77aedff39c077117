import type { Queryable } from '@switchboard/db'
import type { ConversationUpdatedNotice, MessageUpdatedNotice } from '@switchboard/nats'
import type { Caller } from '../auth/caller.js'
import { enqueue } from '../outbox/outbox.js'
import { loadUser } from './access.js'
import type { ChatDeps } from './deps.js'
import { conversationView, messageView, userView, type ConversationRow, type MessageRow } from './views.js'

/** The integration of a conversation as a caller: whose view of tags a notice for it carries. */
export function integrationOf(
  botId: string,
  conv: ConversationRow,
): { recipient: Caller; integrationId: string; alias: string } {
  return {
    integrationId: conv.integration_id,
    alias: conv.integration_alias,
    recipient: {
      kind: 'integration',
      botId,
      installation: {
        id: conv.installation_id,
        alias: conv.integration_alias,
        integrationId: conv.integration_id,
        integrationName: conv.integration_name,
        channels: [],
      },
    },
  }
}

/** Takes the conversation's next outgoing sequence number (notices to its integration stay in order). */
async function nextOutgoingSeq(tx: Queryable, conversationId: string): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(
    `UPDATE conversations SET outgoing_seq = outgoing_seq + 1 WHERE id = $1 RETURNING outgoing_seq AS seq`,
    [conversationId],
  )
  return rows[0]!.seq
}

/**
 * Announces a bot's change to a message to the conversation's integration (`message_updated`, with
 * the message before and after), inside the caller's transaction.
 */
export async function announceMessageUpdate(
  tx: Queryable,
  deps: Pick<ChatDeps, 'names'>,
  botId: string,
  conv: ConversationRow,
  previous: MessageRow,
  current: MessageRow,
): Promise<void> {
  const { recipient } = integrationOf(botId, conv)
  const user =
    current.user_id === botId ? null : await loadUser(tx, recipient, current.user_id).catch(() => null)
  const seq = await nextOutgoingSeq(tx, conv.id)
  const notice: MessageUpdatedNotice = {
    kind: 'message_updated',
    botId,
    installationId: conv.installation_id,
    seq,
    conversation: { ...conversationView(recipient, conv) },
    user: user ? { ...userView(recipient, user) } : null,
    currentMessage: { ...messageView(recipient, current) },
    previousMessage: { ...messageView(recipient, previous) },
  }
  await enqueue(tx, deps.names.subjects.outgoing(conv.installation_id, conv.id), notice)
}

/** Announces a bot's change to a conversation to its integration (`conversation_updated`). */
export async function announceConversationUpdate(
  tx: Queryable,
  deps: Pick<ChatDeps, 'names'>,
  botId: string,
  previous: ConversationRow,
  current: ConversationRow,
): Promise<void> {
  const { recipient } = integrationOf(botId, current)
  const seq = await nextOutgoingSeq(tx, current.id)
  const notice: ConversationUpdatedNotice = {
    kind: 'conversation_updated',
    botId,
    installationId: current.installation_id,
    seq,
    currentConversation: { ...conversationView(recipient, current) },
    previousConversation: { ...conversationView(recipient, previous) },
  }
  await enqueue(tx, deps.names.subjects.outgoing(current.installation_id, current.id), notice)
}
