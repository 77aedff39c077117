import type { Queryable } from '@switchboard/db'
import type { RecordIdentity, RecordKind, SealedRecord } from '../crypto/envelope.js'

/** A stored record: its identity, its sealed value, and when the value last changed. */
export interface StoredRecord extends RecordIdentity, SealedRecord {
  updatedAt: string
}

interface Row {
  kind: RecordKind
  subject_id: string
  key_id: string
  wrapped_key: Buffer
  ciphertext: Buffer
  updated_at: Date
}

function fromRow(r: Row): StoredRecord {
  return {
    kind: r.kind,
    subjectId: r.subject_id,
    keyId: r.key_id,
    wrappedKey: r.wrapped_key,
    ciphertext: r.ciphertext,
    updatedAt: r.updated_at.toISOString(),
  }
}

const COLUMNS = 'kind, subject_id, key_id, wrapped_key, ciphertext, updated_at'

/** Inserts or replaces a record's sealed value. */
export async function putRecord(
  db: Queryable,
  id: RecordIdentity,
  sealed: SealedRecord,
): Promise<StoredRecord> {
  const { rows } = await db.query<Row>(
    `INSERT INTO records (kind, subject_id, key_id, wrapped_key, ciphertext)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, subject_id) DO UPDATE
       SET key_id = EXCLUDED.key_id, wrapped_key = EXCLUDED.wrapped_key,
           ciphertext = EXCLUDED.ciphertext, updated_at = now()
     RETURNING ${COLUMNS}`,
    [id.kind, id.subjectId, sealed.keyId, sealed.wrappedKey, sealed.ciphertext],
  )
  return fromRow(rows[0]!)
}

/** The record, or undefined when there is none. */
export async function getRecord(db: Queryable, id: RecordIdentity): Promise<StoredRecord | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM records WHERE kind = $1 AND subject_id = $2`, [
    id.kind,
    id.subjectId,
  ])
  return rows[0] && fromRow(rows[0])
}

/** Deletes the record; false when there was none. */
export async function deleteRecord(db: Queryable, id: RecordIdentity): Promise<boolean> {
  const res = await db.query('DELETE FROM records WHERE kind = $1 AND subject_id = $2', [
    id.kind,
    id.subjectId,
  ])
  return (res.rowCount ?? 0) > 0
}

/**
 * Locks and returns up to `limit` records not under `keyId` (for RotateKey). Waits for rows a
 * writer holds; a row the writer re-sealed under `keyId` is then skipped.
 */
export async function lockRecordsNotUnder(
  db: Queryable,
  keyId: string,
  limit: number,
): Promise<StoredRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM records WHERE key_id <> $1 ORDER BY kind, subject_id LIMIT $2 FOR UPDATE`,
    [keyId, limit],
  )
  return rows.map(fromRow)
}

/** Replaces a record's key id and wrapped data key, leaving its ciphertext and updated_at alone. */
export async function setWrappedKey(
  db: Queryable,
  id: RecordIdentity,
  keyId: string,
  wrappedKey: Buffer,
): Promise<void> {
  await db.query('UPDATE records SET key_id = $3, wrapped_key = $4 WHERE kind = $1 AND subject_id = $2', [
    id.kind,
    id.subjectId,
    keyId,
    wrappedKey,
  ])
}

/** How many records each key id protects, e.g. to warn about keys missing from the ring. */
export async function countByKeyId(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ key_id: string; n: number }>(
    'SELECT key_id, count(*) AS n FROM records GROUP BY key_id',
  )
  return new Map(rows.map((r) => [r.key_id, r.n]))
}
