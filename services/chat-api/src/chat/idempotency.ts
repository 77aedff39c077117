import { createHash } from 'node:crypto'
import { isUniqueViolation, prepared, withTransaction, type Pool, type Queryable } from '@switchboard/db'
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
  /**
   * Every write of the request runs in the key's transaction (its pools are
   * `requestTransactionPool`s), so a request that assigned no transaction id wrote nothing, and
   * records no key. False where some write commits on its own (Files, Tables): the key is always
   * recorded.
   */
  writesJoin?: boolean
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

/** Thrown inside the transaction to undo a request whose key another request answered first. */
class AnsweredBefore extends Error {}

/**
 * Runs `run` once per (bot, caller, key) (docs/adr/0006-effects-once.md). The request's writes and
 * its key with its answer are one transaction, the key written last, so a request costs one
 * statement more than without a key: a crash leaves either all of them or none. A request whose
 * writes join the transaction (`writesJoin`) and that wrote nothing records no key (nothing can be
 * applied twice; a retry reads again). When the key is
 * already there (a repeat, or a racer that committed first), the writes are rolled back and the
 * recorded answer is given (`replayed`) if the fingerprint matches; with a different fingerprint, a
 * 409. A request that fails records nothing, so its retry runs again; when its key was answered
 * meanwhile, that answer is given instead of the failure.
 */
export async function answerOnce(
  pool: Pool,
  caller: Caller,
  req: IdempotentRequest,
  run: () => Promise<Answer>,
): Promise<Answer & { replayed: boolean }> {
  const id = [caller.botId, scopeOf(caller), req.key]
  try {
    return await withTransaction(pool, async (tx, afterCommit, commit) => {
      const answer = await inRequestTransaction(tx, afterCommit, run)
      // With the COMMIT, in one round trip; a key already there fails it and nothing commits. A
      // request whose writes join this transaction and that wrote nothing (no transaction id was
      // assigned: a get-or-create that found) records no key unless one is there to replay: its
      // retry reads again, at no write or WAL flush. (A racer that wrote commits its rows and its
      // key together, so whatever this request read of them, the key check, a later snapshot, sees
      // their key too.)
      await commit(
        prepared(
          `INSERT INTO idempotency_keys (bot_id, scope, key, fingerprint, status, response)
           SELECT $1::text, $2::text, $3::text, $4::text, $5::integer, $6::jsonb
           WHERE NOT $7::boolean
              OR txid_current_if_assigned() IS NOT NULL
              OR EXISTS (SELECT 1 FROM idempotency_keys WHERE bot_id = $1 AND scope = $2 AND key = $3)`,
          [...id, req.fingerprint, answer.status, JSON.stringify(answer.body ?? null), !!req.writesJoin],
        ),
      ).catch((err: unknown) => {
        throw isUniqueViolation(err) ? new AnsweredBefore() : err
      })
      return { ...answer, replayed: false }
    })
  } catch (err) {
    const { rows } = await pool.query<{ fingerprint: string; status: number; response: unknown }>(
      `SELECT fingerprint, status, response FROM idempotency_keys WHERE bot_id = $1 AND scope = $2 AND key = $3`,
      id,
    )
    const prior = rows[0]
    if (!prior) {
      if (err instanceof AnsweredBefore) throw new Error(`Idempotency-Key ${req.key}: its answer vanished`)
      throw err
    }
    if (prior.fingerprint !== req.fingerprint) {
      throw new ConflictError(
        `Idempotency-Key ${req.key} was already used for a different request; use a new key`,
      )
    }
    return { status: prior.status, body: prior.response, replayed: true }
  }
}

/** Deletes keys older than their retention; returns how many. */
export async function sweepIdempotencyKeys(db: Queryable): Promise<number> {
  const r = await db.query(
    `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
    [IDEMPOTENCY_KEY_TTL_HOURS],
  )
  return r.rowCount ?? 0
}
