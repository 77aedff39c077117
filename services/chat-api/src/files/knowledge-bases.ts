import { NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import type { StorageDeps } from './deps.js'
import { offsetOf, offsetPage } from './paging.js'

interface KnowledgeBaseRow {
  id: string
  name: string
  tags: Record<string, string>
  created_at: Date
}

/** A knowledge base as the Files API returns it. */
function view(r: KnowledgeBaseRow) {
  return { id: r.id, name: r.name, tags: r.tags }
}

/** Creates a knowledge base of the caller's bot. */
export async function createKnowledgeBase(
  deps: StorageDeps,
  caller: Caller,
  input: { name: string; tags: Record<string, string> },
) {
  const { rows } = await deps.pool.query<KnowledgeBaseRow>(
    `INSERT INTO knowledge_bases (id, bot_id, name, tags) VALUES ($1, $2, $3, $4) RETURNING *`,
    [newId('kb'), caller.botId, input.name, input.tags],
  )
  return view(rows[0]!)
}

/** Renames a knowledge base and merges its tags (a null value removes a tag). */
export async function updateKnowledgeBase(
  deps: StorageDeps,
  caller: Caller,
  id: string,
  input: { name: string; tags?: Record<string, string | null> },
) {
  const removed = Object.keys(input.tags ?? {}).filter((k) => input.tags![k] === null)
  const set = Object.fromEntries(Object.entries(input.tags ?? {}).filter(([, v]) => v !== null))
  const { rows } = await deps.pool.query<KnowledgeBaseRow>(
    `UPDATE knowledge_bases SET name = $3, tags = (tags - $4::text[]) || $5::jsonb, updated_at = now_ms()
      WHERE id = $1 AND bot_id = $2 RETURNING *`,
    [id, caller.botId, input.name, removed, set],
  )
  if (!rows[0]) throw new NotFoundError(`Knowledge base ${id}`)
  return view(rows[0])
}

/** Deletes a knowledge base of the caller's bot. */
export async function deleteKnowledgeBase(deps: StorageDeps, caller: Caller, id: string): Promise<void> {
  const { rowCount } = await deps.pool.query(`DELETE FROM knowledge_bases WHERE id = $1 AND bot_id = $2`, [
    id,
    caller.botId,
  ])
  if (!rowCount) throw new NotFoundError(`Knowledge base ${id}`)
}

/** Lists the caller's knowledge bases, oldest first, filtered by tags (all must match). */
export async function listKnowledgeBases(
  deps: StorageDeps,
  caller: Caller,
  input: { nextToken?: string; tags?: Record<string, string> },
) {
  const offset = offsetOf(input.nextToken)
  const { rows } = await deps.pool.query<KnowledgeBaseRow>(
    `SELECT * FROM knowledge_bases WHERE bot_id = $1 AND tags @> $2::jsonb ORDER BY created_at, id LIMIT $3 OFFSET $4`,
    [caller.botId, input.tags ?? {}, 101, offset],
  )
  const p = offsetPage(rows, offset, 100)
  return {
    knowledgeBases: p.items.map((r) => ({ ...view(r), createdAt: r.created_at.toISOString() })),
    nextToken: p.nextToken,
  }
}
