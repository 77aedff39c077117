import { createHash } from 'node:crypto'
import { withTransaction, type Pool } from '@switchboard/db'
import { NotFoundError, PayloadTooLargeError } from '@switchboard/errors'

/**
 * Where file content lives. The Files API names each blob (`blob_<ulid>`) and keeps the name in the
 * file's row; a store only keeps bytes under names. Postgres is the default (`PostgresBlobStore`);
 * an S3-compatible store implements the same four calls (put = PutObject/multipart, get =
 * GetObject, copy = CopyObject, delete = DeleteObjects).
 */
export interface BlobStore {
  /**
   * Stores `body` under `id`. More than `maxBytes` throws PayloadTooLargeError and stores nothing;
   * a failure part-way stores nothing either.
   */
  put(
    id: string,
    body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    maxBytes: number,
  ): Promise<{ size: number; sha256: string }>
  /** The blob's bytes, in order. NotFoundError when there is no such blob. */
  get(id: string): Promise<AsyncIterable<Buffer>>
  /** Copies blob `from` to the new name `to`. */
  copy(from: string, to: string): Promise<void>
  /** Deletes blobs; names that do not exist are ignored. */
  delete(ids: string[]): Promise<void>
}

/** Size of one stored chunk row. */
const CHUNK_BYTES = 512 * 1024

/**
 * Blobs in Postgres: one `blobs` row and `bytea` rows of 512 KiB in `blob_chunks`, written in one
 * transaction (a crash mid-upload leaves nothing) and read one chunk at a time (memory stays flat
 * however large the file).
 */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly pool: Pool) {}

  async put(id: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number) {
    return withTransaction(this.pool, async (tx) => {
      await tx.query(`INSERT INTO blobs (id, size, sha256) VALUES ($1, 0, '')`, [id])
      const hash = createHash('sha256')
      let size = 0
      let seq = 0
      let pending: Buffer[] = []
      let pendingBytes = 0
      const flush = async () => {
        if (!pendingBytes) return
        const data = Buffer.concat(pending, pendingBytes)
        pending = []
        pendingBytes = 0
        await tx.query(`INSERT INTO blob_chunks (blob_id, seq, data) VALUES ($1, $2, $3)`, [id, seq++, data])
      }
      for await (const part of body) {
        const buf = Buffer.from(part.buffer, part.byteOffset, part.byteLength)
        size += buf.byteLength
        if (size > maxBytes) throw new PayloadTooLargeError(`file content is larger than ${maxBytes} bytes`)
        hash.update(buf)
        pending.push(buf)
        pendingBytes += buf.byteLength
        if (pendingBytes >= CHUNK_BYTES) await flush()
      }
      await flush()
      const sha256 = hash.digest('hex')
      await tx.query(`UPDATE blobs SET size = $2, sha256 = $3 WHERE id = $1`, [id, size, sha256])
      return { size, sha256 }
    })
  }

  async get(id: string): Promise<AsyncIterable<Buffer>> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM blob_chunks WHERE blob_id = b.id)::int AS n FROM blobs b WHERE b.id = $1`,
      [id],
    )
    if (!rows[0]) throw new NotFoundError(`file content ${id}`)
    const chunks = rows[0].n
    const pool = this.pool
    return (async function* () {
      for (let seq = 0; seq < chunks; seq++) {
        const r = await pool.query<{ data: Buffer }>(
          `SELECT data FROM blob_chunks WHERE blob_id = $1 AND seq = $2`,
          [id, seq],
        )
        if (!r.rows[0]) throw new NotFoundError(`file content ${id} (part ${seq})`)
        yield r.rows[0].data
      }
    })()
  }

  async copy(from: string, to: string): Promise<void> {
    await withTransaction(this.pool, async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO blobs (id, size, sha256) SELECT $2, size, sha256 FROM blobs WHERE id = $1`,
        [from, to],
      )
      if (!rowCount) throw new NotFoundError(`file content ${from}`)
      await tx.query(
        `INSERT INTO blob_chunks (blob_id, seq, data) SELECT $2, seq, data FROM blob_chunks WHERE blob_id = $1`,
        [from, to],
      )
    })
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length) await this.pool.query(`DELETE FROM blobs WHERE id = ANY($1::text[])`, [ids])
  }
}
