import { prepared, withTransaction, type Queryable } from '@switchboard/db'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { loadConversation, loadUser, userScope } from './access.js'
import { installationNamed } from './conversations.js'
import { findOrCreate, tagsKey, type ChatDeps } from './deps.js'
import { dateRangeWhere, decodeToken, keyset, page, pageSize, type DateRange } from './pagination.js'
import { createUserThroughIntegration } from './proactive.js'
import { discriminatingTags, mergeTags, toStoredTags, withoutRemovals } from './tags.js'
import { userView, type UserRow, type UserView } from './views.js'

/** Fields a user is created or updated with. */
export interface UserInput {
  tags?: Record<string, string | null>
  name?: string | null
  pictureUrl?: string | null
  attributes?: Record<string, string | null>
  /** For bot callers: the integration (alias or name) to create the user through (`create_user`). */
  integrationName?: string
}

/** A bot's user created through the integration named by `integrationName`, where it enables that. */
async function throughIntegration(deps: ChatDeps, caller: Caller, input: UserInput) {
  if (caller.kind !== 'bot' || !input.integrationName) return undefined
  const inst = await installationNamed(deps.pool, caller.botId, input.integrationName)
  return createUserThroughIntegration(deps, caller, inst, input)
}

async function insertUser(db: Queryable, caller: Caller, input: UserInput): Promise<UserRow> {
  const tags = withoutRemovals(toStoredTags(caller, input.tags))
  const attributes = mergeTags({}, input.attributes ?? {})
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, bot_id, installation_id, tags, name, picture_url, attributes)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [
      newId('user'),
      caller.botId,
      caller.kind === 'integration' ? caller.installation.id : null,
      tags,
      input.name ?? null,
      input.pictureUrl ?? null,
      attributes,
    ],
  )
  return rows[0]!
}

/** Creates a user of the caller's bot. */
export async function createUser(deps: ChatDeps, caller: Caller, input: UserInput): Promise<UserView> {
  const created = await throughIntegration(deps, caller, input)
  if (created) return created.user
  return userView(caller, await insertUser(deps.pool, caller, input))
}

/**
 * Returns the user whose tags contain the discriminating tags, creating it if none does. Atomic under
 * concurrency: an advisory lock on (bot, discriminating tags) serialises racing callers, so 50 parallel
 * calls with the same tags make one row.
 */
export async function getOrCreateUser(
  deps: ChatDeps,
  caller: Caller,
  input: UserInput & { discriminateByTags?: string[] },
): Promise<{ user: UserView; created: boolean }> {
  const created = await throughIntegration(deps, caller, input)
  if (created) return created
  const stored = withoutRemovals(toStoredTags(caller, input.tags))
  const match = discriminatingTags(caller, stored, input.discriminateByTags)
  const params: unknown[] = [match]
  const sql = `SELECT * FROM users u WHERE u.tags @> $1 AND ${userScope(caller, params)} ORDER BY created_at, id LIMIT 1`
  return withTransaction(deps.pool, async (tx) => {
    const { row, created } = await findOrCreate(
      tx,
      `user:${caller.botId}:${tagsKey(match)}`,
      async () => (await tx.query<UserRow>(prepared(sql, params))).rows[0],
      () => insertUser(tx, caller, input),
    )
    return { user: userView(caller, row), created }
  })
}

/** Reads one user. */
export async function getUser(deps: ChatDeps, caller: Caller, id: string): Promise<UserView> {
  return userView(caller, await loadUser(deps.pool, caller, id))
}

/** Updates tags (merge; null removes), name, picture and attributes. */
export async function updateUser(
  deps: ChatDeps,
  caller: Caller,
  id: string,
  input: UserInput,
): Promise<UserView> {
  return withTransaction(deps.pool, async (tx) => {
    const cur = await loadUser(tx, caller, id)
    const tags = mergeTags(cur.tags, toStoredTags(caller, input.tags))
    const attributes = mergeTags(cur.attributes, input.attributes ?? {})
    const { rows } = await tx.query<UserRow>(
      `UPDATE users SET tags = $2, name = $3, picture_url = $4, attributes = $5, updated_at = now_ms()
       WHERE id = $1 RETURNING *`,
      [
        id,
        tags,
        input.name === undefined ? cur.name : input.name,
        input.pictureUrl === undefined ? cur.picture_url : input.pictureUrl,
        attributes,
      ],
    )
    return userView(caller, rows[0]!)
  })
}

/** Deletes a user. */
export async function deleteUser(deps: ChatDeps, caller: Caller, id: string): Promise<void> {
  await loadUser(deps.pool, caller, id)
  await deps.pool.query(`DELETE FROM users WHERE id = $1`, [id])
}

/** Filters of `listUsers`. */
export interface ListUsersInput extends DateRange {
  /** Which date `afterDate`/`beforeDate` apply to (default createdAt). */
  rangeField?: 'createdAt' | 'updatedAt'
  tags?: Record<string, string>
  conversationId?: string
  nextToken?: string
  pageSize?: number
  sortField?: 'createdAt' | 'updatedAt'
  sortDirection?: 'asc' | 'desc'
}

/**
 * Lists the bot's users (not those behind ctx.botUserId), filtered by tags and/or conversation
 * membership, newest first by default.
 */
export async function listUsers(
  deps: ChatDeps,
  caller: Caller,
  input: ListUsersInput,
): Promise<{ users: UserView[]; nextToken?: string }> {
  if (input.conversationId) await loadConversation(deps.pool, caller, input.conversationId)
  const params: unknown[] = [withoutRemovals(toStoredTags(caller, input.tags))]
  let where = `u.tags @> $1 AND ${userScope(caller, params)}`
  if (input.conversationId) {
    params.push(input.conversationId)
    where += ` AND EXISTS (SELECT 1 FROM participants p WHERE p.user_id = u.id AND p.conversation_id = $${params.length})`
  }
  where += ` AND ${dateRangeWhere('u', input.rangeField === 'updatedAt' ? 'updated_at' : 'created_at', input, params)}`
  // The users behind ctx.botUserId stand for the bot: they are read and updated by id, not listed.
  where += ` AND NOT EXISTS (SELECT 1 FROM installations bi WHERE bi.bot_user_id = u.id)`
  const column = input.sortField === 'updatedAt' ? 'updated_at' : 'created_at'
  const size = pageSize(input.pageSize)
  const ks = keyset('u', column, input.sortDirection ?? 'desc', decodeToken(input.nextToken), params)
  params.push(size + 1)
  const { rows } = await deps.pool.query<UserRow>(
    `SELECT u.* FROM users u WHERE ${where} AND ${ks.where} ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  const p = page(rows, size, (r) => r[column])
  return { users: p.items.map((r) => userView(caller, r)), nextToken: p.nextToken }
}
