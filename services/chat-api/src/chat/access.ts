import type { Queryable } from '@switchboard/db'
import { NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import type { ConversationRow, UserRow } from './views.js'

/**
 * SELECT for conversations, with the integration name the API shows and the installation's
 * integration id and alias, which a notice for the integration carries.
 */
export const CONVERSATION_SELECT = `SELECT c.*, g.name AS integration_name, i.integration_id,
  i.alias AS integration_alias FROM conversations c
  JOIN installations i ON i.id = c.installation_id JOIN integrations g ON g.id = i.integration_id`

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
    `${CONVERSATION_SELECT} WHERE c.id = $1 AND ${scope}${opts.forUpdate ? ' FOR UPDATE OF c' : ''}`,
    params,
  )
  if (!rows[0]) throw new NotFoundError(`Conversation ${id}`)
  return rows[0]
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
  const { rows } = await db.query<UserRow>(`SELECT * FROM users u WHERE u.id = $1 AND ${scope}`, params)
  if (!rows[0]) throw new NotFoundError(`User ${id}`)
  return rows[0]
}
