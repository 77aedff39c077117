import { asSwitchboardError, isRetryable } from '@switchboard/errors'

/** What to do with a JetStream message once its handling finished. */
export type Disposition =
  { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term'; reason: string }

/** Retry settings. */
export interface RetryPolicy {
  maxAttempts: number
  backoffBaseMs: number
  backoffMaxMs: number
}

/**
 * The one place that turns a handling outcome into ack / nak(delay) / term (CONVENTIONS.md,
 * "JetStream outcomes"). Success → ack. A retryable error before the last attempt → nak with
 * exponential backoff. Anything else — a poison message, or the last attempt — → term, and the caller
 * dead-letters it.
 */
export function dispositionFor(
  error: unknown | undefined,
  deliveryCount: number,
  policy: RetryPolicy,
): Disposition {
  if (error === undefined) return { kind: 'ack' }
  const e = asSwitchboardError(error)
  if (isRetryable(e) && deliveryCount < policy.maxAttempts) {
    const delayMs = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (deliveryCount - 1))
    return { kind: 'nak', delayMs }
  }
  const why = isRetryable(e) ? `failed after ${deliveryCount} attempts` : 'not retryable'
  return { kind: 'term', reason: `${why}: ${e.message}` }
}
