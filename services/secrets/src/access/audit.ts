import type { Queryable } from '@switchboard/db'
import { asSwitchboardError } from '@switchboard/errors'

/** How a call ended, as recorded in the audit log. */
export type Outcome = 'ok' | 'denied' | 'not_found' | 'invalid' | 'error'

/** One audit entry: who did what to which record, and how it ended. Never a token or a value. */
export interface AuditEntry {
  at: string
  caller: string
  action: string
  /** `configuration` or `integration_secrets`; empty for RotateKey and ListAudit. */
  kind: string
  subjectId: string
  outcome: Outcome
  /** A short note: the key id, the secret names, or the error message. Never a value. */
  detail: string
}

/** The largest limit ListAudit accepts, and the one used when none is given. */
export const AUDIT_LIMIT = { max: 1000, default: 100 }

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** The outcome an error stands for. */
export function outcomeOf(err: unknown): Outcome {
  switch (asSwitchboardError(err).code) {
    case 'Unauthorized':
    case 'Forbidden':
      return 'denied'
    case 'NotFound':
      return 'not_found'
    case 'InvalidInput':
    case 'PayloadTooLarge':
      return 'invalid'
    default:
      return 'error'
  }
}

/**
 * The audit detail for a failed call: the typed error's message, which this service never fills
 * with values; anything untyped is just "internal error".
 */
export function detailOf(err: unknown): string {
  return asSwitchboardError(err).message
}

/** Appends an entry. Runs in the caller's transaction when given one, so a write and its audit commit together. */
export async function recordAudit(db: Queryable, entry: Omit<AuditEntry, 'at'>): Promise<void> {
  await db.query(
    'INSERT INTO audit (caller, action, kind, subject_id, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      entry.caller,
      entry.action,
      entry.kind,
      clip(entry.subjectId, 200),
      entry.outcome,
      clip(entry.detail, 500),
    ],
  )
}

/** The newest entries first, optionally only those about one subject id. */
export async function listAudit(
  db: Queryable,
  opts: { subjectId?: string; limit: number },
): Promise<AuditEntry[]> {
  const { rows } = await db.query<{
    at: Date
    caller: string
    action: string
    kind: string
    subject_id: string
    outcome: Outcome
    detail: string
  }>(
    `SELECT at, caller, action, kind, subject_id, outcome, detail FROM audit
     WHERE ($1::text IS NULL OR subject_id = $1) ORDER BY id DESC LIMIT $2`,
    [opts.subjectId ?? null, opts.limit],
  )
  return rows.map((r) => ({
    at: r.at.toISOString(),
    caller: r.caller,
    action: r.action,
    kind: r.kind,
    subjectId: r.subject_id,
    outcome: r.outcome,
    detail: r.detail,
  }))
}
