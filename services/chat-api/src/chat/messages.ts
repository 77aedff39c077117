import { withTransaction, type PoolClient } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import { orderHeaders, type MessageCreatedNotice } from '@switchboard/nats'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { enqueue } from '../outbox/outbox.js'
import { conversationScope, loadConversation, loadUser } from './access.js'
import { lockKey, tagsKey, type ChatDeps } from './deps.js'
import { dateRangeWhere, decodeToken, keyset, page, pageSize, type DateRange } from './pagination.js'
import { discriminatingTags, mergeTags, toStoredTags, withoutRemovals } from './tags.js'
import {
  conversationView,
  messageView,
  userView,
  type ConversationRow,
  type MessageRow,
  type MessageView,
  type UserRow,
} from './views.js'

/** Fields a message is created with. */
export interface MessageInput {
  conversationId: string
  userId: string
  type: string
  payload: Record<string, unknown>
  tags?: Record<string, string | null>
  origin?: 'synthetic'
}

/** Checks a message type: 1-200 (the spec's limit) letters, digits, `_`, `-`; 400 naming `where`. */
export function checkMessageType(type: string, where = 'type'): void {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(type))
    throw new InvalidInputError(`${where}: invalid message type ${JSON.stringify(type.slice(0, 200))}`)
}

/**
 * Inserts a message, counts it on its conversation, makes its author a participant, and enqueues
 * its notice in the same transaction: incoming (from an integration) for the bot on SB_BOT,
 * outgoing (from a bot) for the integration on SB_OUTGOING.
 */
async function insertMessage(
  tx: PoolClient,
  deps: ChatDeps,
  caller: Caller,
  conv: ConversationRow,
  input: MessageInput,
) {
  checkMessageType(input.type)
  let user: UserRow | null = null
  if (!(caller.kind === 'bot' && input.userId === caller.botId))
    user = await loadUser(tx, caller, input.userId)
  const direction = caller.kind === 'integration' ? 'incoming' : 'outgoing'
  const { rows } = await tx.query<MessageRow>(
    `INSERT INTO messages (id, bot_id, conversation_id, user_id, type, payload, direction, tags, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      newId('msg'),
      caller.botId,
      conv.id,
      input.userId,
      input.type,
      input.payload,
      direction,
      withoutRemovals(toStoredTags(caller, input.tags)),
      input.origin ?? null,
    ],
  )
  const msg = rows[0]!
  const counter = direction === 'incoming' ? 'bot_seq' : 'outgoing_seq'
  const { rows: seqRows } = await tx.query<{ seq: number }>(
    `UPDATE conversations SET message_count = message_count + 1, ${counter} = ${counter} + 1, updated_at = now_ms()
     WHERE id = $1 RETURNING ${counter} AS seq`,
    [conv.id],
  )
  if (user) {
    await tx.query(
      `INSERT INTO participants (conversation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [conv.id, user.id],
    )
  }
  await enqueueNotice(tx, deps, caller, conv, msg, user, seqRows[0]!.seq)
  return msg
}

async function enqueueNotice(
  tx: PoolClient,
  deps: ChatDeps,
  caller: Caller,
  conv: ConversationRow,
  msg: MessageRow,
  user: UserRow | null,
  seq: number,
): Promise<void> {
  const { rows } = await tx.query<{ integration_id: string; alias: string }>(
    `SELECT integration_id, alias FROM installations WHERE id = $1`,
    [conv.installation_id],
  )
  const inst = rows[0]!
  // The recipient's view: the bot sees prefixed tags; the integration sees its own, unprefixed.
  const recipient: Caller =
    msg.direction === 'incoming'
      ? { kind: 'bot', botId: caller.botId }
      : {
          kind: 'integration',
          botId: caller.botId,
          installation: {
            id: conv.installation_id,
            alias: inst.alias,
            integrationId: inst.integration_id,
            integrationName: conv.integration_name,
            channels: [],
          },
        }
  const notice: MessageCreatedNotice = {
    kind: 'message_created',
    botId: caller.botId,
    installationId: conv.installation_id,
    integrationId: inst.integration_id,
    alias: inst.alias,
    direction: msg.direction,
    seq,
    message: { ...messageView(recipient, msg) },
    conversation: { ...conversationView(recipient, { ...conv, message_count: conv.message_count + 1 }) },
    user: user ? { ...userView(recipient, user) } : null,
  }
  const subject =
    msg.direction === 'incoming'
      ? deps.names.subjects.bot(caller.botId, conv.id)
      : deps.names.subjects.outgoing(conv.installation_id, conv.id)
  await enqueue(tx, subject, notice, orderHeaders(conv.id, seq))
}

/** Creates a message and announces it (after commit) to its recipient. */
export async function createMessage(
  deps: ChatDeps,
  caller: Caller,
  input: MessageInput,
): Promise<MessageView> {
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const conv = await loadConversation(tx, caller, input.conversationId, { forUpdate: true })
    const msg = await insertMessage(tx, deps, caller, conv, input)
    afterCommit(deps.onOutbox)
    return messageView(caller, msg)
  })
}

/** Returns the message in the conversation whose tags contain the discriminating tags, or creates it. */
export async function getOrCreateMessage(
  deps: ChatDeps,
  caller: Caller,
  input: MessageInput & { discriminateByTags?: string[] },
): Promise<{ message: MessageView; created: boolean }> {
  const match = discriminatingTags(
    caller,
    withoutRemovals(toStoredTags(caller, input.tags)),
    input.discriminateByTags,
  )
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const conv = await loadConversation(tx, caller, input.conversationId, { forUpdate: true })
    await lockKey(tx, `msg:${conv.id}:${tagsKey(match)}`)
    if (Object.keys(match).length) {
      const { rows } = await tx.query<MessageRow>(
        `SELECT * FROM messages WHERE conversation_id = $1 AND tags @> $2 ORDER BY created_at, id LIMIT 1`,
        [conv.id, match],
      )
      if (rows[0]) return { message: messageView(caller, rows[0]), created: false }
    }
    const msg = await insertMessage(tx, deps, caller, conv, input)
    afterCommit(deps.onOutbox)
    return { message: messageView(caller, msg), created: true }
  })
}

async function loadMessage(
  db: PoolClient | ChatDeps['pool'],
  caller: Caller,
  id: string,
): Promise<MessageRow> {
  const params: unknown[] = [id]
  const scope = conversationScope(caller, params)
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = $1 AND ${scope}`,
    params,
  )
  if (!rows[0]) throw new NotFoundError(`Message ${id}`)
  return rows[0]
}

/** Reads one message. */
export async function getMessage(deps: ChatDeps, caller: Caller, id: string): Promise<MessageView> {
  return messageView(caller, await loadMessage(deps.pool, caller, id))
}

/** Updates a message's tags (merge) and/or payload (replace). */
export async function updateMessage(
  deps: ChatDeps,
  caller: Caller,
  id: string,
  input: { tags?: Record<string, string | null>; payload?: Record<string, unknown> },
): Promise<MessageView> {
  return withTransaction(deps.pool, async (tx) => {
    const cur = await loadMessage(tx, caller, id)
    const tags = mergeTags(cur.tags, toStoredTags(caller, input.tags))
    const { rows } = await tx.query<MessageRow>(
      `UPDATE messages SET tags = $2, payload = $3, updated_at = now_ms() WHERE id = $1 RETURNING *`,
      [id, tags, input.payload ?? cur.payload],
    )
    return messageView(caller, rows[0]!)
  })
}

/** Deletes a message. */
export async function deleteMessage(deps: ChatDeps, caller: Caller, id: string): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const cur = await loadMessage(tx, caller, id)
    await tx.query(`DELETE FROM messages WHERE id = $1`, [id])
    await tx.query(`UPDATE conversations SET message_count = greatest(message_count - 1, 0) WHERE id = $1`, [
      cur.conversation_id,
    ])
  })
}

/** Lists messages (of a conversation, or every conversation the caller may see), newest first. */
export async function listMessages(
  deps: ChatDeps,
  caller: Caller,
  input: DateRange & {
    conversationId?: string
    tags?: Record<string, string>
    nextToken?: string
    pageSize?: number
  },
): Promise<{ messages: MessageView[]; nextToken?: string }> {
  const params: unknown[] = []
  let where = conversationScope(caller, params)
  if (input.conversationId) {
    await loadConversation(deps.pool, caller, input.conversationId)
    params.push(input.conversationId)
    where += ` AND m.conversation_id = $${params.length}`
  }
  params.push(withoutRemovals(toStoredTags(caller, input.tags)))
  where += ` AND m.tags @> $${params.length} AND ${dateRangeWhere('m', 'created_at', input, params)}`
  const size = pageSize(input.pageSize)
  const ks = keyset('m', 'created_at', 'desc', decodeToken(input.nextToken), params)
  params.push(size + 1)
  const { rows } = await deps.pool.query<MessageRow>(
    `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE ${where} AND ${ks.where} ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  const p = page(rows, size, (r) => r.created_at)
  return { messages: p.items.map((r) => messageView(caller, r)), nextToken: p.nextToken }
}
