import { prepared, withTransaction, type Queryable } from '@switchboard/db'
import { InvalidInputError } from '@switchboard/errors'
import type { Caller, CallerInstallation } from '../auth/caller.js'
import { findCallerInstallation } from '../auth/resolve-caller.js'
import { newId } from '../ids.js'
import { CONVERSATION_SELECT, conversationScope, loadConversation } from './access.js'
import { findOrCreate, tagsKey, type ChatDeps } from './deps.js'
import { dateRangeWhere, decodeToken, keyset, page, pageSize, type DateRange } from './pagination.js'
import { startConversationThroughIntegration } from './proactive.js'
import { announceConversationUpdate } from './update-notices.js'
import { discriminatingTags, mergeTags, toStoredTags, withoutRemovals } from './tags.js'
import { conversationView, type ConversationRow, type ConversationView } from './views.js'

/** Fields a conversation is created with. */
export interface ConversationInput {
  channel: string
  tags?: Record<string, string | null>
  /** For bot callers: the integration (alias or name) the conversation belongs to. */
  integrationName?: string
}

/**
 * Which installation a new conversation belongs to: the calling integration's, or for a bot the
 * installation named by `integrationName`. The channel must be one the integration defines.
 */
async function targetInstallation(
  db: Queryable,
  caller: Caller,
  input: ConversationInput,
): Promise<CallerInstallation> {
  let inst = caller.kind === 'integration' ? caller.installation : null
  if (!inst) {
    if (!input.integrationName)
      throw new InvalidInputError('integrationName: required when a bot creates a conversation')
    inst = await installationNamed(db, caller.botId, input.integrationName)
    if (!inst)
      throw new InvalidInputError(`integrationName: ${input.integrationName} is not installed in this bot`)
  }
  if (!input.channel) throw new InvalidInputError('channel: required')
  if (inst.channels.length && !inst.channels.includes(input.channel)) {
    throw new InvalidInputError(
      `channel: ${input.channel} is not a channel of integration ${inst.integrationName} (channels: ${inst.channels.join(', ')})`,
    )
  }
  return inst
}

/** The bot's installation with this alias, or else of the integration with this name (when only one). */
export async function installationNamed(
  db: Queryable,
  botId: string,
  name: string,
): Promise<CallerInstallation | null> {
  return (
    (await findCallerInstallation(db, { botId, alias: name })) ??
    (await findInstallationByIntegrationName(db, botId, name))
  )
}

async function findInstallationByIntegrationName(db: Queryable, botId: string, name: string) {
  const { rows } = await db.query<{ alias: string }>(
    `SELECT i.alias FROM installations i JOIN integrations g ON g.id = i.integration_id WHERE i.bot_id = $1 AND g.name = $2`,
    [botId, name],
  )
  return rows.length === 1 ? findCallerInstallation(db, { botId, alias: rows[0]!.alias }) : null
}

async function insertConversation(
  tx: Queryable,
  caller: Caller,
  installationId: string,
  channel: string,
  tags: Record<string, string>,
): Promise<ConversationRow> {
  const id = newId('conv')
  await tx.query(
    `INSERT INTO conversations (id, bot_id, installation_id, channel, tags) VALUES ($1, $2, $3, $4, $5)`,
    [id, caller.botId, installationId, channel, tags],
  )
  return loadConversation(tx, { kind: 'bot', botId: caller.botId }, id)
}

/**
 * Creates a conversation on one of the integration's channels; a bot's goes through the integration's
 * `create_conversation` handler where the channel enables it (proactive messaging).
 */
export async function createConversation(
  deps: ChatDeps,
  caller: Caller,
  input: ConversationInput,
): Promise<ConversationView> {
  const inst = await targetInstallation(deps.pool, caller, input)
  const started = await startConversationThroughIntegration(deps, caller, inst, input)
  if (started) return started.conversation
  const tags = withoutRemovals(toStoredTags(caller, input.tags))
  return conversationView(caller, await insertConversation(deps.pool, caller, inst.id, input.channel, tags))
}

/**
 * Returns the conversation on this channel whose tags contain the discriminating tags, creating it
 * if none does. Atomic under concurrency (advisory lock on installation, channel and tags).
 */
export async function getOrCreateConversation(
  deps: ChatDeps,
  caller: Caller,
  input: ConversationInput & { discriminateByTags?: string[] },
): Promise<{ conversation: ConversationView; created: boolean }> {
  const inst = await targetInstallation(deps.pool, caller, input)
  const started = await startConversationThroughIntegration(deps, caller, inst, input)
  if (started) return started
  const installationId = inst.id
  const stored = withoutRemovals(toStoredTags(caller, input.tags))
  const match = discriminatingTags(caller, stored, input.discriminateByTags)
  return withTransaction(deps.pool, async (tx) => {
    const { row, created } = await findOrCreate(
      tx,
      `conv:${installationId}:${input.channel}:${tagsKey(match)}`,
      async () =>
        (
          await tx.query<ConversationRow>(
            prepared(
              `${CONVERSATION_SELECT} WHERE c.installation_id = $1 AND c.channel = $2 AND c.tags @> $3
               ORDER BY c.created_at, c.id LIMIT 1`,
              [installationId, input.channel, match],
            ),
          )
        ).rows[0],
      () => insertConversation(tx, caller, installationId, input.channel, stored),
    )
    return { conversation: conversationView(caller, row), created }
  })
}

/** Reads one conversation. */
export async function getConversation(deps: ChatDeps, caller: Caller, id: string): Promise<ConversationView> {
  return conversationView(caller, await loadConversation(deps.pool, caller, id))
}

/**
 * Updates tags (merge; null or '' removes). A bot's change is announced to the conversation's
 * integration (`conversation_updated`).
 */
export async function updateConversation(
  deps: ChatDeps,
  caller: Caller,
  id: string,
  input: { tags?: Record<string, string | null> },
): Promise<ConversationView> {
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const cur = await loadConversation(tx, caller, id, { forUpdate: true })
    const tags = mergeTags(cur.tags, toStoredTags(caller, input.tags))
    await tx.query(`UPDATE conversations SET tags = $2, updated_at = now_ms() WHERE id = $1`, [id, tags])
    const updated = await loadConversation(tx, caller, id)
    if (caller.kind === 'bot') {
      await announceConversationUpdate(tx, deps, caller.botId, cur, updated)
      afterCommit(deps.onOutbox)
    }
    return conversationView(caller, updated)
  })
}

/** Deletes a conversation with its messages and participants. */
export async function deleteConversation(deps: ChatDeps, caller: Caller, id: string): Promise<void> {
  await loadConversation(deps.pool, caller, id)
  await deps.pool.query(`DELETE FROM conversations WHERE id = $1`, [id])
}

/** Filters of `listConversations`. */
export interface ListConversationsInput extends DateRange {
  /** Only conversations with at least / at most this many messages. */
  minMessageCount?: number
  maxMessageCount?: number
  tags?: Record<string, string>
  channel?: string
  integrationName?: string
  participantIds?: string[]
  nextToken?: string
  pageSize?: number
  sortField?: 'createdAt' | 'updatedAt'
  sortDirection?: 'asc' | 'desc'
}

/** Lists conversations the caller may see, filtered by tags, channel, integration and participants. */
export async function listConversations(
  deps: ChatDeps,
  caller: Caller,
  input: ListConversationsInput,
): Promise<{ conversations: ConversationView[]; nextToken?: string }> {
  const params: unknown[] = []
  let where = conversationScope(caller, params)
  params.push(withoutRemovals(toStoredTags(caller, input.tags)))
  where += ` AND c.tags @> $${params.length}`
  if (input.channel) {
    params.push(input.channel)
    where += ` AND c.channel = $${params.length}`
  }
  if (input.integrationName) {
    params.push(input.integrationName)
    where += ` AND (g.name = $${params.length} OR i.alias = $${params.length})`
  }
  for (const userId of input.participantIds ?? []) {
    params.push(userId)
    where += ` AND EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = c.id AND p.user_id = $${params.length})`
  }
  where += ` AND ${dateRangeWhere('c', 'created_at', input, params)}`
  for (const [bound, op] of [
    [input.minMessageCount, '>='],
    [input.maxMessageCount, '<='],
  ] as const) {
    if (bound === undefined) continue
    params.push(bound)
    where += ` AND c.message_count ${op} $${params.length}`
  }
  const column = input.sortField === 'updatedAt' ? 'updated_at' : 'created_at'
  const size = pageSize(input.pageSize)
  const ks = keyset('c', column, input.sortDirection ?? 'desc', decodeToken(input.nextToken), params)
  params.push(size + 1)
  const { rows } = await deps.pool.query<ConversationRow>(
    `${CONVERSATION_SELECT} WHERE ${where} AND ${ks.where} ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  const p = page(rows, size, (r) => r[column])
  return { conversations: p.items.map((r) => conversationView(caller, r)), nextToken: p.nextToken }
}
