import { prepared, type Queryable } from '@switchboard/db'
import { NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { userRowFromJson, type ConversationRow, type MessageRow, type UserRow } from './views.js'

const CONVERSATION_COLUMNS = `c.*, g.name AS integration_name, i.integration_id, i.alias AS integration_alias`
const CONVERSATION_FROM = `FROM conversations c
  JOIN installations i ON i.id = c.installation_id JOIN integrations g ON g.id = i.integration_id`
/**
 * SELECT for conversations, with the integration name the API shows and the installation's
 * integration id and alias, which a notice for the integration carries.
 */
export const CONVERSATION_SELECT = `SELECT ${CONVERSATION_COLUMNS} ${CONVERSATION_FROM}`

/** SQL condition (on alias `c`) for the conversations a caller may see; appends its params. */
export function conversationScope(caller: Caller, params: unknown[]): string {
  params.push(caller.botId)
  let sql = `c.bot_id = $${params.length}`
  if (caller.kind === 'integration') {
    params.push(caller.installation.id)
    sql += ` AND c.installation_id = $${params.length}`
  }
  return sql
}

/**
 * Loads a conversation the caller may see, optionally locking it. Another tenant's conversation is
 * indistinguishable from a missing one: both are 404.
 */
export async function loadConversation(
  db: Queryable,
  caller: Caller,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ConversationRow> {
  const params: unknown[] = [id]
  const scope = conversationScope(caller, params)
  const { rows } = await db.query<ConversationRow>(
    prepared(
      `${CONVERSATION_SELECT} WHERE c.id = $1 AND ${scope}${opts.forUpdate ? ' FOR UPDATE OF c' : ''}`,
      params,
    ),
  )
  if (!rows[0]) throw new NotFoundError(`Conversation ${id}`)
  return rows[0]
}

/**
 * Loads a conversation the caller may see, locked, and in the same statement the user `userId` if
 * the caller may see it (null otherwise): what creating a message needs, in one round trip. A
 * conversation the caller may not see is a 404.
 */
export async function loadConversationAndUser(
  db: Queryable,
  caller: Caller,
  id: string,
  userId: string,
): Promise<{ conv: ConversationRow; user: UserRow | null }> {
  const params: unknown[] = [id]
  const scope = conversationScope(caller, params)
  params.push(userId)
  const user = `SELECT to_jsonb(u) FROM users u WHERE u.id = $${params.length} AND ${userScope(caller, params)}`
  const { rows } = await db.query<ConversationRow & { author: Record<string, unknown> | null }>(
    prepared(
      `SELECT ${CONVERSATION_COLUMNS}, (${user}) AS author ${CONVERSATION_FROM}
       WHERE c.id = $1 AND ${scope} FOR UPDATE OF c`,
      params,
    ),
  )
  if (!rows[0]) throw new NotFoundError(`Conversation ${id}`)
  const { author, ...conv } = rows[0]
  return { conv, user: author ? userRowFromJson(author) : null }
}

/**
 * SQL condition (on alias `u`) for the users a caller may see; appends its params. A bot sees all its
 * users; an integration only those its installation created: in Botpress a user is someone talking
 * to the bot through one integration (docs/tenancy.md).
 */
export function userScope(caller: Caller, params: unknown[]): string {
  params.push(caller.botId)
  let sql = `u.bot_id = $${params.length}`
  if (caller.kind === 'integration') {
    params.push(caller.installation.id)
    sql += ` AND u.installation_id = $${params.length}`
  }
  return sql
}

/**
 * SQL condition (on alias `e`) for the events a caller may see; appends its params. A bot sees all
 * its events; an integration those its installation created and those on its conversations.
 */
export function eventScope(caller: Caller, params: unknown[]): string {
  params.push(caller.botId)
  let sql = `e.bot_id = $${params.length}`
  if (caller.kind === 'integration') {
    params.push(caller.installation.id)
    const n = params.length
    sql += ` AND (e.installation_id = $${n} OR e.conversation_id IN (SELECT id FROM conversations WHERE installation_id = $${n}))`
  }
  return sql
}

/** Loads a user the caller may see; another installation's or bot's user is a 404. */
export async function loadUser(db: Queryable, caller: Caller, id: string): Promise<UserRow> {
  const params: unknown[] = [id]
  const scope = userScope(caller, params)
  const { rows } = await db.query<UserRow>(
    prepared(`SELECT * FROM users u WHERE u.id = $1 AND ${scope}`, params),
  )
  if (!rows[0]) throw new NotFoundError(`User ${id}`)
  return rows[0]
}

/**
 * Loads a message the caller may see: one in a conversation the caller may see (`conversationScope`).
 * Another tenant's message is indistinguishable from a missing one: both are 404.
 */
export async function loadMessage(db: Queryable, caller: Caller, id: string): Promise<MessageRow> {
  const params: unknown[] = [id]
  const scope = conversationScope(caller, params)
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = $1 AND ${scope}`,
    params,
  )
  if (!rows[0]) throw new NotFoundError(`Message ${id}`)
  return rows[0]
}
