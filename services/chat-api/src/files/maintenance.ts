import type { Queryable } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'

/** How old an unreferenced blob must be before it is deleted (an upload switches to its blob in ms). */
const ORPHAN_AGE = '1 hour'

/**
 * Deletes expired files (their content goes with them, migration 011's trigger) and blobs no file
 * refers to that are older than an hour: content stored by an upload whose process died before the
 * file was switched to it. Returns how many of each.
 */
export async function sweepFiles(db: Queryable): Promise<{ files: number; blobs: number }> {
  const files = await db.query(`DELETE FROM files WHERE expires_at <= now()`)
  const blobs = await db.query(
    `DELETE FROM blobs b WHERE b.created_at < now() - interval '${ORPHAN_AGE}'
        AND NOT EXISTS (SELECT 1 FROM files f WHERE f.blob_id = b.id)`,
  )
  return { files: files.rowCount ?? 0, blobs: blobs.rowCount ?? 0 }
}

/** Runs `sweepFiles` every `intervalMs`; returns the function that stops it. */
export function startFilesSweeper(db: Queryable, logger: Logger, intervalMs: number): () => void {
  const timer = setInterval(() => {
    sweepFiles(db).catch((err) => logger.warn({ err }, 'files sweep failed'))
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
