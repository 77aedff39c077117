import { withTransaction, type Queryable } from '@switchboard/db'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { checkWritable, fileScope, loadFile } from './access.js'
import type { StorageDeps } from './deps.js'
import { offsetOf, offsetPage } from './paging.js'

/** One passage as setFilePassages takes it. */
export interface PassageInput {
  content: string
  type: string
  pageNumber?: number
}

interface PassageRow {
  id: string
  position: number
  content: string
  type: string
  page_number: number | null
}

/** The `meta` of a passage as the API shows it. */
function passageMeta(r: Pick<PassageRow, 'type' | 'position' | 'page_number'>) {
  return {
    type: 'chunk' as const,
    subtype: r.type,
    position: r.position,
    ...(r.page_number !== null ? { pageNumber: r.page_number } : {}),
  }
}

/** Replaces a file's passages inside `tx` (and marks it indexed). */
export async function replacePassages(
  tx: Queryable,
  file: { id: string; bot_id: string },
  passages: PassageInput[],
): Promise<void> {
  await tx.query(`DELETE FROM file_passages WHERE file_id = $1`, [file.id])
  if (passages.length) {
    await tx.query(
      `INSERT INTO file_passages (id, file_id, bot_id, position, content, type, page_number)
       SELECT id, $2, $3, position, content, type, page_number
         FROM unnest($1::text[], $4::int[], $5::text[], $6::text[], $7::int[])
           AS p(id, position, content, type, page_number)`,
      [
        passages.map(() => newId('psg')),
        file.id,
        file.bot_id,
        passages.map((_, i) => i),
        passages.map((p) => p.content),
        passages.map((p) => p.type),
        passages.map((p) => p.pageNumber ?? null),
      ],
    )
  }
  await tx.query(
    `UPDATE files SET index = true, status = 'indexing_completed', failed_reason = NULL, updated_at = now_ms() WHERE id = $1`,
    [file.id],
  )
}

/** setFilePassages: the caller supplies a file's passages (replacing any). */
export async function setFilePassages(
  deps: StorageDeps,
  caller: Caller,
  id: string,
  passages: PassageInput[],
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const file = await loadFile(tx, caller, id, { forUpdate: true })
    checkWritable(caller, file)
    await replacePassages(tx, file, passages)
  })
}

/** A file's passages in order. */
export async function listFilePassages(
  deps: StorageDeps,
  caller: Caller,
  id: string,
  input: { nextToken?: string; limit?: number },
) {
  const file = await loadFile(deps.pool, caller, id)
  const size = input.limit ?? 100
  const offset = offsetOf(input.nextToken)
  const { rows } = await deps.pool.query<PassageRow>(
    `SELECT * FROM file_passages WHERE file_id = $1 ORDER BY position LIMIT $2 OFFSET $3`,
    [file.id, size + 1, offset],
  )
  const p = offsetPage(rows, offset, size)
  return {
    passages: p.items.map((r) => ({ id: r.id, content: r.content, meta: passageMeta(r) })),
    nextToken: p.nextToken,
  }
}

/** Content types whose text the Files API indexes itself when a file is uploaded with `index: true`. */
export function isIndexableText(contentType: string): boolean {
  const t = contentType.split(';')[0]!.trim().toLowerCase()
  return t.startsWith('text/') || t === 'application/json' || t === 'application/xml'
}

/** Splits text into passages: paragraphs (blank-line separated), long ones cut near 1,000 characters. */
export function splitPassages(text: string): PassageInput[] {
  const out: PassageInput[] = []
  for (const para of text.split(/\r?\n\s*\r?\n/)) {
    let rest = para.trim()
    while (rest.length > 1000) {
      const cut = rest.lastIndexOf(' ', 1000)
      const at = cut > 200 ? cut : 1000
      out.push({ content: rest.slice(0, at), type: 'paragraph' })
      rest = rest.slice(at).trim()
    }
    if (rest) out.push({ content: rest, type: /^#{1,6}\s/.test(rest) ? 'title' : 'paragraph' })
  }
  return out
}

/**
 * searchFiles: Postgres full-text search over the passages of the caller's files. Ranked by
 * `ts_rank_cd` (cover density: how many query terms a passage has and how close together) of the
 * English-stemmed passage against `websearch_to_tsquery`, scaled to 0..1; no embeddings.
 */
export async function searchFiles(
  deps: StorageDeps,
  caller: Caller,
  input: { query: string; tags?: Record<string, string>; limit?: number },
) {
  const params: unknown[] = [input.query]
  const where = [fileScope(caller, params), `p.tsv @@ q.q`]
  if (input.tags && Object.keys(input.tags).length) {
    params.push(input.tags)
    where.push(`f.tags @> $${params.length}::jsonb`)
  }
  params.push(input.limit ?? 10)
  const { rows } = await deps.pool.query<
    PassageRow & {
      score: number
      file_id: string
      key: string
      content_type: string
      metadata: Record<string, unknown>
      tags: Record<string, string>
      created_at: Date
      updated_at: Date
    }
  >(
    `SELECT p.id, p.position, p.content, p.type, p.page_number, ts_rank_cd(p.tsv, q.q, 32) AS score,
            f.id AS file_id, f.key, f.content_type, f.metadata, f.tags, f.created_at, f.updated_at
       FROM file_passages p JOIN files f ON f.id = p.file_id,
            websearch_to_tsquery('english', $1) AS q(q)
      WHERE ${where.join(' AND ')}
      ORDER BY score DESC, f.id, p.position LIMIT $${params.length}`,
    params,
  )
  return rows.map((r) => ({
    content: r.content,
    score: r.score,
    meta: passageMeta(r),
    file: {
      id: r.file_id,
      key: r.key,
      contentType: r.content_type,
      metadata: r.metadata,
      tags: r.tags,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    },
  }))
}
