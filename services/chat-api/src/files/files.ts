import { extname } from 'node:path'
import { withTransaction, type Queryable } from '@switchboard/db'
import { ConflictError, ForbiddenError, PayloadTooLargeError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { lockKey } from '../chat/deps.js'
import { newId } from '../ids.js'
import { checkWritable, fileScope, loadFile } from './access.js'
import type { StorageDeps } from './deps.js'
import { offsetOf, offsetPage } from './paging.js'
import type { ListFilesInput, UpdateFileInput, UpsertFileInput } from './schemas.js'
import { FILE_SELECT, type FileRow } from './views.js'

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.gz': 'application/gzip',
}

/** The content type of a file: the one given, else guessed from the key's extension. */
function contentTypeFor(key: string, given: string | undefined): string {
  return given ?? TYPES_BY_EXTENSION[extname(key).toLowerCase()] ?? 'application/octet-stream'
}

/** Bytes the bot's live files take, the file under `exceptKey` left out (expired files do not count). */
async function botBytes(db: Queryable, botId: string, exceptKey: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT coalesce(sum(coalesce(size, declared_size)), 0)::bigint AS n FROM files
      WHERE bot_id = $1 AND key <> $2 AND (expires_at IS NULL OR expires_at > now())`,
    [botId, exceptKey],
  )
  return rows[0]!.n
}

/** Throws 413 when `size` is over the per-file limit, 403 when the bot's storage quota would be passed. */
async function checkSize(deps: StorageDeps, db: Queryable, botId: string, key: string, size: number) {
  if (size > deps.limits.maxFileBytes) {
    throw new PayloadTooLargeError(
      `size: ${size} bytes is over the file size limit of ${deps.limits.maxFileBytes} bytes`,
    )
  }
  const used = await botBytes(db, botId, key)
  if (used + size > deps.limits.maxBytesPerBot) {
    throw new ForbiddenError(
      `quota exceeded: the bot's files would take ${used + size} bytes, over its quota of ${deps.limits.maxBytesPerBot} bytes`,
    )
  }
}

async function reload(db: Queryable, id: string): Promise<FileRow> {
  const { rows } = await db.query<FileRow>(`${FILE_SELECT} WHERE f.id = $1`, [id])
  return rows[0]!
}

/**
 * Creates the file `key`, or replaces it (new generation, content erased). Its content is then PUT
 * to the upload URL of the returned row's generation. Size limits and quota are checked here.
 */
export async function upsertFile(
  deps: StorageDeps,
  caller: Caller,
  input: UpsertFileInput,
): Promise<FileRow> {
  const oldBlob: string[] = []
  const row = await withTransaction(deps.pool, async (tx) => {
    await lockKey(tx, `files:${caller.botId}`)
    await checkSize(deps, tx, caller.botId, input.key, input.size)
    const installationId = caller.kind === 'integration' ? caller.installation.id : null
    const { rows: existing } = await tx.query<FileRow>(
      `SELECT * FROM files WHERE bot_id = $1 AND key = $2 FOR UPDATE`,
      [caller.botId, input.key],
    )
    const values = [
      contentTypeFor(input.key, input.contentType),
      input.size,
      input.tags,
      input.metadata ?? {},
      [...new Set(input.accessPolicies)],
      input.index,
      input.expiresAt ?? null,
    ]
    if (existing[0]) {
      const isExpired = existing[0].expires_at !== null && existing[0].expires_at <= new Date()
      if (!isExpired) checkWritable(caller, existing[0])
      if (existing[0].blob_id) oldBlob.push(existing[0].blob_id)
      await tx.query(`DELETE FROM file_passages WHERE file_id = $1`, [existing[0].id])
      await tx.query(
        `UPDATE files SET content_type = $2, declared_size = $3, size = NULL, tags = $4, metadata = $5,
           access_policies = $6, index = $7, expires_at = $8, status = 'upload_pending', failed_reason = NULL,
           generation = generation + 1, blob_id = NULL, updated_at = now_ms(),
           owner_type = $9, installation_id = $10
         WHERE id = $1`,
        [existing[0].id, ...values, installationId ? 'integration' : 'bot', installationId],
      )
      return reload(tx, existing[0].id)
    }
    const id = newId('file')
    await tx.query(
      `INSERT INTO files (id, bot_id, key, content_type, declared_size, tags, metadata, access_policies, index,
         expires_at, status, owner_type, installation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'upload_pending', $11, $12)`,
      [id, caller.botId, input.key, ...values, installationId ? 'integration' : 'bot', installationId],
    )
    return reload(tx, id)
  })
  await deps.blobs.delete(oldBlob)
  return row
}

/** Reads a file the caller may see. */
export async function getFile(deps: StorageDeps, caller: Caller, id: string): Promise<FileRow> {
  return loadFile(deps.pool, caller, id)
}

/** Deletes a file, its passages and its content (a store outside Postgres is told after the commit). */
export async function deleteFile(deps: StorageDeps, caller: Caller, id: string): Promise<void> {
  const blob = await withTransaction(deps.pool, async (tx) => {
    const row = await loadFile(tx, caller, id, { forUpdate: true })
    checkWritable(caller, row)
    await tx.query(`DELETE FROM files WHERE id = $1`, [row.id])
    return row.blob_id
  })
  if (blob) await deps.blobs.delete([blob])
}

/** Merges tags and metadata (a null value removes a key), replaces access policies and expiry. */
export async function updateFileMetadata(
  deps: StorageDeps,
  caller: Caller,
  id: string,
  input: UpdateFileInput,
): Promise<FileRow> {
  return withTransaction(deps.pool, async (tx) => {
    const row = await loadFile(tx, caller, id, { forUpdate: true })
    checkWritable(caller, row)
    const merge = <T>(base: Record<string, T>, patch: Record<string, T | null> | undefined) => {
      const out = { ...base }
      for (const [k, v] of Object.entries(patch ?? {})) {
        if (v === null) delete out[k]
        else out[k] = v
      }
      return out
    }
    await tx.query(
      `UPDATE files SET tags = $2, metadata = $3, access_policies = $4, expires_at = $5, updated_at = now_ms()
       WHERE id = $1`,
      [
        row.id,
        merge(row.tags, input.tags),
        merge(row.metadata, input.metadata as Record<string, unknown> | undefined),
        input.accessPolicies ? [...new Set(input.accessPolicies)] : row.access_policies,
        input.expiresAt === undefined ? row.expires_at : input.expiresAt,
      ],
    )
    return reload(tx, row.id)
  })
}

const SORT_COLUMNS = {
  key: 'f.key',
  size: 'coalesce(f.size, f.declared_size)',
  createdAt: 'f.created_at',
  updatedAt: 'f.updated_at',
  status: 'f.status',
} as const

/** Files page size (the spec has no pageSize parameter). */
const FILES_PAGE = 20

/** Lists the caller's files, filtered by tags (all must match), ids and indexed. */
export async function listFiles(
  deps: StorageDeps,
  caller: Caller,
  input: ListFilesInput,
): Promise<{ files: FileRow[]; nextToken?: string }> {
  const params: unknown[] = []
  const where = [fileScope(caller, params)]
  if (input.tags && Object.keys(input.tags).length) {
    params.push(input.tags)
    where.push(`f.tags @> $${params.length}::jsonb`)
  }
  if (input.ids) {
    params.push(input.ids)
    where.push(`f.id = ANY ($${params.length}::text[])`)
  }
  if (input.indexed !== undefined) {
    params.push(input.indexed)
    where.push(`f.index = $${params.length}`)
  }
  const offset = offsetOf(input.nextToken)
  const dir = input.sortDirection === 'asc' ? 'ASC' : 'DESC'
  const sort = SORT_COLUMNS[input.sortField ?? 'createdAt']
  params.push(FILES_PAGE + 1, offset)
  const { rows } = await deps.pool.query<FileRow>(
    `${FILE_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${sort} ${dir}, f.id ${dir}
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  const p = offsetPage(rows, offset, FILES_PAGE)
  return { files: p.items, nextToken: p.nextToken }
}

/**
 * Copies a file (by id or key) to `destinationKey` in the same bot, content included. An existing
 * destination is a 409 unless `overwrite`.
 */
export async function copyFile(
  deps: StorageDeps,
  caller: Caller,
  input: { idOrKey: string; destinationKey: string; overwrite?: boolean; destinationBotId?: string },
): Promise<FileRow> {
  if (input.destinationBotId && input.destinationBotId !== caller.botId) {
    throw new ForbiddenError('x-destination-bot-id: files can be copied only within the caller’s bot')
  }
  const source = await loadFile(deps.pool, caller, input.idOrKey, { byKey: true })
  const newBlob = source.blob_id ? newId('blob') : null
  if (source.blob_id && newBlob) await deps.blobs.copy(source.blob_id, newBlob)
  const replaced: string[] = []
  try {
    const row = await withTransaction(deps.pool, async (tx) => {
      await lockKey(tx, `files:${caller.botId}`)
      await checkSize(deps, tx, caller.botId, input.destinationKey, source.size ?? source.declared_size)
      const { rows: existing } = await tx.query<FileRow>(
        `SELECT * FROM files WHERE bot_id = $1 AND key = $2 FOR UPDATE`,
        [caller.botId, input.destinationKey],
      )
      if (existing[0]) {
        if (!input.overwrite)
          throw new ConflictError(
            `file ${JSON.stringify(input.destinationKey)} already exists (set overwrite)`,
          )
        checkWritable(caller, existing[0])
        if (existing[0].blob_id) replaced.push(existing[0].blob_id)
        await tx.query(`DELETE FROM files WHERE id = $1`, [existing[0].id])
      }
      const id = newId('file')
      const installationId = caller.kind === 'integration' ? caller.installation.id : null
      await tx.query(
        `INSERT INTO files (id, bot_id, key, content_type, declared_size, size, tags, metadata, access_policies,
           index, status, expires_at, blob_id, owner_type, installation_id)
         SELECT $1, bot_id, $3, content_type, declared_size, size, tags, metadata, access_policies,
           index, status, expires_at, $4, $5, $6 FROM files WHERE id = $2`,
        [
          id,
          source.id,
          input.destinationKey,
          newBlob,
          installationId ? 'integration' : 'bot',
          installationId,
        ],
      )
      await tx.query(
        `INSERT INTO file_passages (id, file_id, bot_id, position, content, type, page_number)
         SELECT 'psg_' || substr(md5(random()::text || p.id), 1, 24), $1, p.bot_id, p.position, p.content, p.type, p.page_number
           FROM file_passages p WHERE p.file_id = $2`,
        [id, source.id],
      )
      return reload(tx, id)
    })
    await deps.blobs.delete(replaced)
    return row
  } catch (err) {
    if (newBlob) await deps.blobs.delete([newBlob])
    throw err
  }
}

/** One page (100) of distinct strings `expr` over the caller's files matching `where`, sorted. */
async function distinctPage(
  deps: StorageDeps,
  caller: Caller,
  q: { expr: string; where: string; params: unknown[] },
  nextToken: string | undefined,
): Promise<{ items: string[]; nextToken?: string }> {
  const params = [...q.params]
  const scope = fileScope(caller, params)
  const offset = offsetOf(nextToken)
  params.push(101, offset)
  const { rows } = await deps.pool.query<{ v: string }>(
    `SELECT DISTINCT ${q.expr} AS v FROM files f WHERE ${scope} AND ${q.where} ORDER BY v
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  return offsetPage(
    rows.map((r) => r.v),
    offset,
    100,
  )
}

/** Distinct tag keys of the caller's files, sorted. */
export async function listFileTags(deps: StorageDeps, caller: Caller, nextToken: string | undefined) {
  const p = await distinctPage(
    deps,
    caller,
    { expr: 'jsonb_object_keys(f.tags)', where: 'TRUE', params: [] },
    nextToken,
  )
  return { tags: p.items, nextToken: p.nextToken }
}

/** Distinct values of one tag across the caller's files, sorted. */
export async function listFileTagValues(
  deps: StorageDeps,
  caller: Caller,
  tag: string,
  nextToken: string | undefined,
) {
  const p = await distinctPage(
    deps,
    caller,
    { expr: 'f.tags ->> $1', where: 'f.tags ? $1', params: [tag] },
    nextToken,
  )
  return { values: p.items, nextToken: p.nextToken }
}
