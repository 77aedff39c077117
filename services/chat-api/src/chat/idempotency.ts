import { createHash } from 'node:crypto'
import { withTransaction, type Pool, type Queryable } from '@switchboard/db'
import { ConflictError, InvalidInputError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { inRequestTransaction } from './request-transaction.js'

/** How long a key's first answer is kept (as Stripe does: 24 hours). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24
/** Longest Idempotency-Key accepted. */
export const IDEMPOTENCY_KEY_MAX = 255

/** A write that carries an idempotency key, and a fingerprint of what it asks for. */
export interface IdempotentRequest {
  key: string
  fingerprint: string
}

/** A request's answer: its HTTP status and JSON body. */
export interface Answer {
  status: number
  body: unknown
}

/** Checks an Idempotency-Key header value: printable ASCII without spaces, 1 to 255 characters. */
export function checkIdempotencyKey(key: string): string {
  if (!/^[\x21-\x7e]+$/.test(key) || key.length > IDEMPOTENCY_KEY_MAX) {
    throw new InvalidInputError(
      `Idempotency-Key: must be 1 to ${IDEMPOTENCY_KEY_MAX} printable ASCII characters without spaces`,
    )
  }
  return key
}

/** A fingerprint of a request: the operation and everything it was given. */
export function fingerprintOf(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(JSON.stringify(input)).digest('hex')
}

function scopeOf(caller: Caller): string {
  return caller.kind === 'integration' ? caller.installation.id : 'bot'
}

/**
 * Runs `run` once per (bot, caller, key) (docs/adr/0006-effects-once.md). The key is claimed, the
 * request's writes are done and its answer recorded in one transaction: a crash leaves either all of
 * them or none, and a caller racing with the same key waits for the first to commit. A repeat with
 * the same fingerprint gets the recorded answer (`replayed`); with a different one, a 409. A request
 * that fails records nothing, so its retry runs again.
 */
export async function answerOnce(
  pool: Pool,
  caller: Caller,
  req: IdempotentRequest,
  run: () => Promise<Answer>,
): Promise<Answer & { replayed: boolean }> {
  const id = [caller.botId, scopeOf(caller), req.key]
  return withTransaction(pool, async (tx, afterCommit) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (bot_id, scope, key, fingerprint) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [...id, req.fingerprint],
    )
    if (!claimed.rowCount) {
      const { rows } = await tx.query<{ fingerprint: string; status: number; response: unknown }>(
        `SELECT fingerprint, status, response FROM idempotency_keys WHERE bot_id = $1 AND scope = $2 AND key = $3`,
        id,
      )
      const prior = rows[0]
      if (!prior || prior.fingerprint !== req.fingerprint) {
        throw new ConflictError(
          `Idempotency-Key ${req.key} was already used for a different request; use a new key`,
        )
      }
      return { status: prior.status, body: prior.response, replayed: true }
    }
    const answer = await inRequestTransaction(tx, afterCommit, run)
    await tx.query(
      `UPDATE idempotency_keys SET status = $4, response = $5 WHERE bot_id = $1 AND scope = $2 AND key = $3`,
      [...id, answer.status, JSON.stringify(answer.body ?? null)],
    )
    return { ...answer, replayed: false }
  })
}

/** Deletes keys older than their retention; returns how many. */
export async function sweepIdempotencyKeys(db: Queryable): Promise<number> {
  const r = await db.query(
    `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
    [IDEMPOTENCY_KEY_TTL_HOURS],
  )
  return r.rowCount ?? 0
}
