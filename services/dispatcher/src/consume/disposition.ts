import { asSwitchboardError, isRetryable, UnavailableError } from '@switchboard/errors'

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
 * dead-letters it. Except an outage of the platform itself (chat-api or secrets unreachable: a gRPC
 * UNAVAILABLE): that is no message's fault, so it is retried (backoff capped) until the platform is
 * back, never dead-lettered.
 */
export function dispositionFor(
  error: unknown | undefined,
  deliveryCount: number,
  policy: RetryPolicy,
): Disposition {
  if (error === undefined) return { kind: 'ack' }
  const e = asSwitchboardError(error)
  const delayMs = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.min(30, deliveryCount - 1))
  if (isPlatformOutage(e) || (isRetryable(e) && deliveryCount < policy.maxAttempts))
    return { kind: 'nak', delayMs }
  const why = isRetryable(e) ? `failed after ${deliveryCount} attempts` : 'not retryable'
  return { kind: 'term', reason: `${why}: ${e.message}` }
}

/** The dispatcher could not reach chat-api or secrets (their gRPC answered UNAVAILABLE, or nothing did). */
function isPlatformOutage(e: Error): boolean {
  const GRPC_UNAVAILABLE = 14
  return (
    e instanceof UnavailableError && (e.cause as { code?: unknown } | undefined)?.code === GRPC_UNAVAILABLE
  )
}
