import type { Queryable } from '@switchboard/db'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { CONVERSATION_SELECT } from './access.js'
import type { ChatDeps } from './deps.js'
import { announceEvent } from './announce.js'
import { conversationView, userView, type ConversationRow, type EventRow, type UserRow } from './views.js'

/** The event type the SDK's bot server hands to its workflow handlers. */
export const WORKFLOW_UPDATE = 'workflow_update'

/** The kinds of `workflow_update` the SDK's bot server dispatches (`workflowStart`, `workflowContinue`, `workflowTimeout`). */
export type WorkflowUpdateType = 'workflow_started' | 'workflow_continued' | 'workflow_timedout'

/** The workflow a `workflow_update` is about: its row's owners, and its view as the bot sees it. */
export interface UpdatedWorkflow {
  bot_id: string
  conversation_id: string | null
  user_id: string | null
  view: object
}

/**
 * Records a `workflow_update` event for the workflow's bot and announces it, inside the caller's
 * transaction: payload `{type, workflow, conversation?, user?}`, as the SDK's bot server reads it.
 */
export async function announceWorkflowUpdate(
  tx: Queryable,
  deps: Pick<ChatDeps, 'names'>,
  row: UpdatedWorkflow,
  type: WorkflowUpdateType,
): Promise<void> {
  const bot: Caller = { kind: 'bot', botId: row.bot_id }
  const conversation = row.conversation_id
    ? (await tx.query<ConversationRow>(`${CONVERSATION_SELECT} WHERE c.id = $1`, [row.conversation_id]))
        .rows[0]
    : undefined
  const user = row.user_id
    ? (await tx.query<UserRow>(`SELECT * FROM users WHERE id = $1`, [row.user_id])).rows[0]
    : undefined
  const payload = {
    type,
    workflow: row.view,
    ...(conversation && { conversation: conversationView(bot, conversation) }),
    ...(user && { user: userView(bot, user) }),
  }
  const { rows } = await tx.query<EventRow & { installation_id: string | null }>(
    `INSERT INTO events (id, bot_id, type, payload, conversation_id, user_id) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING *`,
    [newId('evt'), row.bot_id, WORKFLOW_UPDATE, payload, row.conversation_id, row.user_id],
  )
  await announceEvent(tx, deps, rows[0]!)
}
