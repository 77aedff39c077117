import { withTransaction, type Pool, type Queryable } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import { authorize, type Action, type Caller, type CallMetadata } from '../access/identities.js'
import { detailOf, outcomeOf, recordAudit, type Outcome } from '../access/audit.js'
import type { SecretsMetrics } from '../metrics.js'

/** What a call is about, for the audit log. Empty strings for calls about no one record. */
export interface AuditTarget {
  kind: string
  subjectId: string
}

/** What a handler returns: the response, and a short value-free note for the audit log. */
export interface Done<T> {
  result: T
  detail: string
}

/** Dependencies of `auditedCalls`. */
export interface AuditedCallDeps {
  pool: Pool
  logger: Logger
  metrics: SecretsMetrics
  authenticate: (md: CallMetadata) => Caller
}

/**
 * Runs a handler as `caller` → authorize → work → audit, so no method can skip a step.
 *
 * By default the work runs in a transaction with its audit entry, so a write and its entry commit
 * together and plaintext leaves only once its read is on record. With `ownTransactions` (RotateKey)
 * the work gets the pool and manages its transactions itself. A denied or failed call is audited
 * afterwards, outside the rolled-back transaction, then its error is rethrown.
 */
export function auditedCalls(deps: AuditedCallDeps) {
  const { pool, logger, metrics } = deps
  return async function audited<T>(
    md: CallMetadata,
    action: Action,
    target: AuditTarget,
    work: (db: Queryable) => Promise<Done<T>>,
    opts: { ownTransactions?: boolean } = {},
  ): Promise<T> {
    const caller = deps.authenticate(md)
    // The subject id comes from the request, possibly an unauthenticated one: bound what is kept.
    const subjectId = target.subjectId.slice(0, 200)
    const entry = { caller: caller.name, action, kind: target.kind, subjectId }
    const finish = (outcome: Outcome, err?: unknown) => {
      metrics.calls.inc({ method: action, outcome, identity: caller.name })
      const fields = { method: action, caller: caller.name, kind: target.kind, subjectId, outcome }
      if (outcome === 'error') logger.error({ ...fields, err }, 'secrets call failed')
      else if (outcome === 'ok' && action.startsWith('Get')) logger.debug(fields, 'secrets call')
      else logger.info(fields, 'secrets call')
    }
    try {
      authorize(caller, action)
      let result: T
      if (opts.ownTransactions) {
        const done = await work(pool)
        await recordAudit(pool, { ...entry, outcome: 'ok', detail: done.detail })
        result = done.result
      } else {
        result = await withTransaction(pool, async (tx) => {
          const done = await work(tx)
          await recordAudit(tx, { ...entry, outcome: 'ok', detail: done.detail })
          return done.result
        })
      }
      finish('ok')
      return result
    } catch (err) {
      const outcome = outcomeOf(err)
      finish(outcome, err)
      try {
        await recordAudit(pool, { ...entry, outcome, detail: detailOf(err) })
      } catch (auditErr) {
        // The call's own error is what the caller needs; the audit failure must still be seen.
        logger.error({ err: auditErr, method: action }, 'could not write the audit entry for a failed call')
      }
      throw err
    }
  }
}
