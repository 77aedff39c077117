import { createHash } from 'node:crypto'
import type { Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'

/** Largest bundle accepted (a CommonJS file built by the SDK is typically 1-5 MiB). */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024

/** Stores a bundle once, addressed by its sha256; returns the digest. */
export async function putBundle(db: Queryable, content: Buffer): Promise<string> {
  if (content.length === 0) throw new InvalidInputError('bundle is empty')
  if (content.length > MAX_BUNDLE_BYTES)
    throw new InvalidInputError(`bundle is over ${MAX_BUNDLE_BYTES} bytes`)
  const sha256 = createHash('sha256').update(content).digest('hex')
  await db.query(
    `INSERT INTO bundles (sha256, content, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
    [sha256, content, content.length],
  )
  return sha256
}

/** Reads a bundle by digest. */
export async function getBundle(db: Queryable, sha256: string): Promise<Buffer> {
  const { rows } = await db.query<{ content: Buffer }>(`SELECT content FROM bundles WHERE sha256 = $1`, [
    sha256,
  ])
  if (!rows[0]) throw new NotFoundError(`bundle ${sha256}`)
  return rows[0].content
}
