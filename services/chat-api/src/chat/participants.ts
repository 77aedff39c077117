import { NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { loadConversation, loadUser } from './access.js'
import type { ChatDeps } from './deps.js'
import { decodeToken, keyset, page, pageSize } from './pagination.js'
import { userView, type UserRow, type UserView } from './views.js'

/** Adds a user of the bot to a conversation (idempotent). */
export async function addParticipant(
  deps: ChatDeps,
  caller: Caller,
  conversationId: string,
  userId: string,
): Promise<UserView> {
  await loadConversation(deps.pool, caller, conversationId)
  const user = await loadUser(deps.pool, caller, userId)
  await deps.pool.query(
    `INSERT INTO participants (conversation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [conversationId, userId],
  )
  return userView(caller, user)
}

/** Reads one participant: 404 when the user is not in the conversation. */
export async function getParticipant(
  deps: ChatDeps,
  caller: Caller,
  conversationId: string,
  userId: string,
): Promise<UserView> {
  await loadConversation(deps.pool, caller, conversationId)
  const { rows } = await deps.pool.query<UserRow>(
    `SELECT u.* FROM users u JOIN participants p ON p.user_id = u.id WHERE p.conversation_id = $1 AND u.id = $2`,
    [conversationId, userId],
  )
  if (!rows[0]) throw new NotFoundError(`Participant ${userId} not found in conversation ${conversationId}`)
  return userView(caller, rows[0])
}

/** Removes a user from a conversation: 404 when not a participant. */
export async function removeParticipant(
  deps: ChatDeps,
  caller: Caller,
  conversationId: string,
  userId: string,
): Promise<void> {
  await loadConversation(deps.pool, caller, conversationId)
  const { rowCount } = await deps.pool.query(
    `DELETE FROM participants WHERE conversation_id = $1 AND user_id = $2`,
    [conversationId, userId],
  )
  if (!rowCount) throw new NotFoundError(`Participant ${userId} not found in conversation ${conversationId}`)
}

/** Lists a conversation's participants in the order they joined. */
export async function listParticipants(
  deps: ChatDeps,
  caller: Caller,
  conversationId: string,
  input: { nextToken?: string; pageSize?: number },
): Promise<{ participants: UserView[]; nextToken?: string }> {
  await loadConversation(deps.pool, caller, conversationId)
  const params: unknown[] = [conversationId]
  const size = pageSize(input.pageSize)
  const ks = keyset('u', 'created_at', 'asc', decodeToken(input.nextToken), params)
  params.push(size + 1)
  const { rows } = await deps.pool.query<UserRow>(
    `SELECT u.* FROM users u JOIN participants p ON p.user_id = u.id
     WHERE p.conversation_id = $1 AND ${ks.where} ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  const p = page(rows, size, (r) => r.created_at)
  return { participants: p.items.map((r) => userView(caller, r)), nextToken: p.nextToken }
}
