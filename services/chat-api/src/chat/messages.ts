import { prepared, withTransaction, type CommitWith, type PoolClient, type Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { MessageCreatedNotice } from '@switchboard/nats'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { outboxRow } from '../outbox/outbox.js'
import { dueTime, type ScheduleInput } from '../schedule/when.js'
import { announceMessageUpdate, integrationOf } from './update-notices.js'
import {
  conversationScope,
  loadConversation,
  loadConversationAndUser,
  loadMessage,
  loadUser,
} from './access.js'
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
  /** Deliver at this time instead of now (docs/adr/0008-scheduling.md). */
  schedule?: ScheduleInput
}

/** Checks a message type: 1-200 (the spec's limit) letters, digits, `_`, `-`; 400 naming `where`. */
export function checkMessageType(type: string, where = 'type'): void {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(type))
    throw new InvalidInputError(`${where}: invalid message type ${JSON.stringify(type.slice(0, 200))}`)
}

/** The message's author: a user the caller may see, or the bot itself (null) when a bot answers as itself. */
async function loadAuthor(tx: Queryable, caller: Caller, userId: string): Promise<UserRow | null> {
  if (caller.kind === 'bot' && userId === caller.botId) return null
  return loadUser(tx, caller, userId)
}

/**
 * The row a message `input` by `caller` is stored as, in conversation `conversationId`, made at
 * `at`: incoming when an integration writes it, outgoing when a bot does.
 */
function messageRow(
  caller: Caller,
  conversationId: string,
  input: MessageInput,
  id: string,
  at: Date,
): MessageRow {
  return {
    id,
    bot_id: caller.botId,
    conversation_id: conversationId,
    user_id: input.userId,
    type: input.type,
    payload: input.payload,
    direction: caller.kind === 'integration' ? 'incoming' : 'outgoing',
    tags: withoutRemovals(toStoredTags(caller, input.tags)),
    origin: input.origin ?? null,
    created_at: at,
    updated_at: at,
  }
}

/** Where a new message goes and who wrote it (`loadAuthor`). */
export interface MessageTarget {
  conv: ConversationRow
  author: UserRow | null
}

/**
 * The conversation, locked, and the author a new message needs, in one statement: a conversation or
 * a user the caller may not see is a 404, as with `loadConversation` and `loadAuthor`.
 */
export async function loadMessageTarget(
  tx: Queryable,
  caller: Caller,
  conversationId: string,
  userId: string,
): Promise<MessageTarget> {
  const { conv, user } = await loadConversationAndUser(tx, caller, conversationId, userId)
  if (caller.kind === 'bot' && userId === caller.botId) return { conv, author: null }
  if (!user) throw new NotFoundError(`User ${userId}`)
  return { conv, author: user }
}

/** The ISO 8601 form `Date.toISOString` gives, in SQL, for a timestamptz. */
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * Inserts a message, counts it on its conversation, makes its author a participant, and enqueues
 * its notice, in one statement of the caller's transaction: incoming (from an integration) for the
 * bot on SB_BOT, outgoing (from a bot) for the integration on SB_OUTGOING. `conv` is locked by the
 * caller (FOR UPDATE), so its sequence numbers and its outbox positions follow one order. `id` is
 * the id a scheduled message was promised when it was scheduled; with `commit` (withTransaction's),
 * the insert is the transaction's last statement and carries its COMMIT.
 */
export async function insertMessage(
  tx: PoolClient,
  deps: Pick<ChatDeps, 'names'>,
  caller: Caller,
  { conv, author: user }: MessageTarget,
  input: MessageInput,
  { id = newId('msg'), commit }: { id?: string; commit?: CommitWith } = {},
) {
  checkMessageType(input.type)
  // The timestamps are set by the statement (the database's clock) in both the row and the notice.
  const stored = messageRow(caller, conv.id, input, id, new Date(0))
  const { direction } = stored
  const counter = direction === 'incoming' ? 'bot_seq' : 'outgoing_seq'
  const outbox = outboxRow(noticeSubject(deps, caller, conv, direction), notice(caller, conv, stored, user))
  // The transaction's last statement, when the caller says so: it then commits in the same round trip.
  const send = commit ?? ((q: ReturnType<typeof prepared>) => tx.query(q))
  const { rows } = await send(
    prepared(
      `WITH t AS (SELECT now_ms() AS at),
     m AS (
       INSERT INTO messages (id, bot_id, conversation_id, user_id, type, payload, direction, tags, origin, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, t.at, t.at FROM t RETURNING *
     ), p AS (
       INSERT INTO participants (conversation_id, user_id) SELECT $3::text, $10::text WHERE $10::text IS NOT NULL
       ON CONFLICT DO NOTHING
     ), c AS (
       UPDATE conversations SET message_count = message_count + 1, ${counter} = ${counter} + 1, updated_at = now_ms()
       WHERE id = $3 RETURNING ${counter} AS seq
     ), o AS (
       INSERT INTO outbox (id, subject, payload, headers)
       SELECT $11, $12, jsonb_set(jsonb_set(jsonb_set($13::jsonb, '{seq}', to_jsonb(c.seq)),
         '{message,createdAt}', to_jsonb(m.iso)), '{message,updatedAt}', to_jsonb(m.iso)), $14
       FROM c, (SELECT ${ISO('created_at')} AS iso FROM m) m
     )
     SELECT m.*, c.seq FROM m, c`,
      [
        id,
        caller.botId,
        conv.id,
        input.userId,
        input.type,
        input.payload,
        direction,
        stored.tags,
        stored.origin,
        user?.id ?? null,
        outbox.id,
        outbox.subject,
        outbox.payload,
        outbox.headers,
      ],
    ),
  )
  const { seq: _seq, ...msg } = rows[0]! as MessageRow & { seq: number }
  return msg
}

function noticeSubject(
  deps: Pick<ChatDeps, 'names'>,
  caller: Caller,
  conv: ConversationRow,
  direction: string,
): string {
  return direction === 'incoming'
    ? deps.names.subjects.bot(caller.botId, conv.id)
    : deps.names.subjects.outgoing(conv.installation_id, conv.id)
}

/** The message's notice as its recipient sees it, but for `seq` and the timestamps, which the statement sets. */
function notice(
  caller: Caller,
  conv: ConversationRow,
  msg: MessageRow,
  user: UserRow | null,
): MessageCreatedNotice {
  const integration = integrationOf(caller.botId, conv)
  // The recipient's view: the bot sees prefixed tags; the integration sees its own, unprefixed.
  const recipient: Caller =
    msg.direction === 'incoming' ? { kind: 'bot', botId: caller.botId } : integration.recipient
  return {
    kind: 'message_created',
    botId: caller.botId,
    installationId: conv.installation_id,
    integrationId: integration.integrationId,
    alias: integration.alias,
    direction: msg.direction,
    seq: 0,
    message: { ...messageView(recipient, msg) },
    conversation: { ...conversationView(recipient, { ...conv, message_count: conv.message_count + 1 }) },
    user: user ? { ...userView(recipient, user) } : null,
  }
}

/**
 * Creates a message and announces it (after commit) to its recipient. With `schedule`, it is checked
 * now, kept in `scheduled_messages`, and created and announced by the scheduler at its time, under the
 * id returned now.
 */
export async function createMessage(
  deps: ChatDeps,
  caller: Caller,
  input: MessageInput,
): Promise<MessageView> {
  const due = input.schedule && dueTime(input.schedule)
  return withTransaction(deps.pool, async (tx, afterCommit, commit) => {
    if (due) {
      const conv = await loadConversation(tx, caller, input.conversationId)
      return scheduleMessage(tx, afterCommit, deps, caller, conv, input, due)
    }
    const target = await loadMessageTarget(tx, caller, input.conversationId, input.userId)
    const msg = await insertMessage(tx, deps, caller, target, input, { commit })
    afterCommit(deps.onOutbox)
    return messageView(caller, msg)
  })
}

/**
 * Keeps a message to be created at `due` (docs/adr/0008-scheduling.md), inside the caller's
 * transaction, after checking now what creating it will need; returns it as it will be, under the id
 * it will have.
 */
async function scheduleMessage(
  tx: PoolClient,
  afterCommit: (cb: () => void) => void,
  deps: ChatDeps,
  caller: Caller,
  conv: ConversationRow,
  input: MessageInput,
  due: Date,
): Promise<MessageView> {
  checkMessageType(input.type)
  const { schedule: _schedule, ...rest } = input
  await loadAuthor(tx, caller, input.userId)
  const id = newId('msg')
  const { rows } = await tx.query<{ created_at: Date }>(
    `INSERT INTO scheduled_messages (id, bot_id, conversation_id, caller, input, due_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`,
    [id, caller.botId, conv.id, caller, rest, due],
  )
  afterCommit(() => deps.onScheduled?.(due))
  return messageView(caller, messageRow(caller, conv.id, input, id, rows[0]!.created_at))
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
  const due = input.schedule && dueTime(input.schedule)
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
    // Not found: created at its time when scheduled (a second call before then schedules another).
    if (due)
      return {
        message: await scheduleMessage(tx, afterCommit, deps, caller, conv, input, due),
        created: true,
      }
    const author = await loadAuthor(tx, caller, input.userId)
    const msg = await insertMessage(tx, deps, caller, { conv, author }, input)
    afterCommit(deps.onOutbox)
    return { message: messageView(caller, msg), created: true }
  })
}

/** Reads one message. */
export async function getMessage(deps: ChatDeps, caller: Caller, id: string): Promise<MessageView> {
  return messageView(caller, await loadMessage(deps.pool, caller, id))
}

/**
 * Updates a message's tags (merge) and/or payload (replace). A bot's change is announced to the
 * conversation's integration (`message_updated`), in order with the conversation's outgoing messages.
 */
export async function updateMessage(
  deps: ChatDeps,
  caller: Caller,
  id: string,
  input: { tags?: Record<string, string | null>; payload?: Record<string, unknown> },
): Promise<MessageView> {
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const cur = await loadMessage(tx, caller, id)
    const conv =
      caller.kind === 'bot'
        ? await loadConversation(tx, caller, cur.conversation_id, { forUpdate: true })
        : null
    const tags = mergeTags(cur.tags, toStoredTags(caller, input.tags))
    const { rows } = await tx.query<MessageRow>(
      `UPDATE messages SET tags = $2, payload = $3, updated_at = now_ms() WHERE id = $1 RETURNING *`,
      [id, tags, input.payload ?? cur.payload],
    )
    if (conv) {
      await announceMessageUpdate(tx, deps, caller.botId, conv, cur, rows[0]!)
      afterCommit(deps.onOutbox)
    }
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
