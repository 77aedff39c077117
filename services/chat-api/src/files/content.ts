import { withTransaction } from '@switchboard/db'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
} from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { loadFile } from './access.js'
import type { StorageDeps } from './deps.js'
import { isIndexableText, replacePassages, splitPassages } from './passages.js'
import { FILE_SELECT, isPublic, type FileRow } from './views.js'

/** Largest text the Files API indexes itself on upload (bigger text files fail indexing). */
const MAX_INDEXED_TEXT_BYTES = 10 * 1024 * 1024
/** Why text content holding NUL bytes is stored but not indexed. */
const NOT_TEXT = 'content holds NUL bytes, so it is not text in its content type: stored, not indexed'

/**
 * Stores the content PUT to an upload URL. The URL names the file and the generation it was issued
 * for; the body may not exceed the size declared to upsertFile. A file re-upserted meanwhile (a new
 * generation) refuses the stale upload with 409. Files with `index: true` and a text content type
 * are split into passages here.
 */
export async function uploadContent(
  deps: StorageDeps,
  grant: { fileId: string; generation: number },
  body: AsyncIterable<Uint8Array>,
  contentLength?: number,
): Promise<void> {
  const { rows } = await deps.pool.query<FileRow>(`SELECT * FROM files WHERE id = $1`, [grant.fileId])
  const file = rows[0]
  if (!file) throw new NotFoundError(`File ${grant.fileId}`)
  if (file.generation !== grant.generation)
    throw new ConflictError('this upload URL is for an older version of the file; call upsertFile again')
  const blobId = newId('blob')
  const limit = Math.min(file.declared_size, deps.limits.maxFileBytes)
  const tooLarge = () =>
    new PayloadTooLargeError(
      `content is larger than the ${file.declared_size} bytes declared to upsertFile (key ${JSON.stringify(file.key)})`,
    )
  // A Content-Length over the limit is refused before a byte is read.
  if (contentLength !== undefined && contentLength > limit) throw tooLarge()
  let stored: { size: number }
  try {
    stored = await deps.blobs.put(blobId, body, limit)
  } catch (err) {
    throw err instanceof PayloadTooLargeError ? tooLarge() : err
  }
  let indexing = file.index
    ? isIndexableText(file.content_type) && stored.size <= MAX_INDEXED_TEXT_BYTES
      ? null
      : `content type ${file.content_type} cannot be indexed here (text up to ${MAX_INDEXED_TEXT_BYTES} bytes only)`
    : undefined
  let text: string | undefined
  if (indexing === null) {
    const parts: Buffer[] = []
    for await (const part of await deps.blobs.get(blobId)) parts.push(part)
    text = Buffer.concat(parts).toString('utf8')
    // Postgres text cannot hold U+0000. A NUL means the content is not the text its type says (a
    // binary file, or UTF-16): the file keeps its bytes and says why it was not indexed, rather than
    // dropping NULs and indexing whatever is left.
    if (text.includes('\0')) {
      indexing = NOT_TEXT
      text = undefined
    }
  }
  let old: string | null = null
  try {
    await withTransaction(deps.pool, async (tx) => {
      const { rows: current } = await tx.query<FileRow>(`SELECT * FROM files WHERE id = $1 FOR UPDATE`, [
        file.id,
      ])
      if (!current[0] || current[0].generation !== grant.generation)
        throw new ConflictError('the file changed while its content was uploaded; call upsertFile again')
      old = current[0].blob_id
      const status =
        indexing === undefined ? 'upload_completed' : indexing ? 'indexing_failed' : 'indexing_pending'
      await tx.query(
        `UPDATE files SET blob_id = $2, size = $3, status = $4, failed_reason = $5, updated_at = now_ms() WHERE id = $1`,
        [file.id, blobId, stored.size, status, indexing ?? null],
      )
      if (text !== undefined) await replacePassages(tx, file, splitPassages(text))
    })
  } catch (err) {
    await deps.blobs.delete([blobId])
    throw err
  }
  if (old) await deps.blobs.delete([old])
}

/** The credentials a download presents: a signed URL's fields, or the Runtime API's caller. */
export interface DownloadCredentials {
  /** The signed URL refuses with this reason (null: the signature grants the download). */
  signatureRefusal: string | null
  /** Resolves the bearer-token caller, when a token was sent. */
  caller?: () => Promise<Caller>
}

/**
 * The content of a file for a download: public files need nothing, private ones a valid signed URL
 * or a token of a caller who may read the file.
 */
export async function downloadContent(
  deps: StorageDeps,
  fileId: string,
  cred: DownloadCredentials,
): Promise<{ file: FileRow; body: AsyncIterable<Buffer> }> {
  let file: FileRow | undefined
  if (cred.caller) {
    file = await loadFile(deps.pool, await cred.caller(), fileId)
  } else {
    const { rows } = await deps.pool.query<FileRow>(
      `${FILE_SELECT} WHERE f.id = $1 AND (f.expires_at IS NULL OR f.expires_at > now())`,
      [fileId],
    )
    file = rows[0]
    if (!file) throw new NotFoundError(`File ${fileId}`)
    if (!isPublic(file) && cred.signatureRefusal !== null) {
      if (cred.signatureRefusal === 'missing signature')
        throw new UnauthorizedError('this file is private: use its signed URL or send a bearer token')
      throw new ForbiddenError(`this file is private and the URL does not grant it: ${cred.signatureRefusal}`)
    }
  }
  if (!file.blob_id) throw new NotFoundError(`content of file ${JSON.stringify(file.key)} (not uploaded yet)`)
  return { file, body: await deps.blobs.get(file.blob_id) }
}
