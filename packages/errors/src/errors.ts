/**
 * The closed set of error codes used across Switchboard. Domain code throws these; each door
 * (HTTP, gRPC, JetStream) maps them once, in its own mapper.
 */
export type ErrorCode =
  | 'InvalidInput'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'Unavailable'
  | 'Timeout'
  | 'Internal'

/** Base class of every typed Switchboard error. `cause` keeps the original error, never swallowed. */
export abstract class SwitchboardError extends Error {
  abstract readonly code: ErrorCode
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The caller sent something malformed or semantically invalid. */
export class InvalidInputError extends SwitchboardError {
  readonly code = 'InvalidInput' as const
}
/** No valid credentials were presented. */
export class UnauthorizedError extends SwitchboardError {
  readonly code = 'Unauthorized' as const
}
/** Credentials are valid but do not allow this operation. */
export class ForbiddenError extends SwitchboardError {
  readonly code = 'Forbidden' as const
}
/** The resource does not exist (or is not visible to the caller). The message always says "not found". */
export class NotFoundError extends SwitchboardError {
  readonly code = 'NotFound' as const
  constructor(what: string, options?: { cause?: unknown }) {
    super(/not found/i.test(what) ? what : `${what} not found`, options)
  }
}
/** The operation conflicts with the current state (e.g. a duplicate name). */
export class ConflictError extends SwitchboardError {
  readonly code = 'Conflict' as const
}
/** The request body is over the documented limit. */
export class PayloadTooLargeError extends SwitchboardError {
  readonly code = 'PayloadTooLarge' as const
}
/** A dependency (database, NATS, a sandbox) is unavailable; the caller may retry. */
export class UnavailableError extends SwitchboardError {
  readonly code = 'Unavailable' as const
}
/** The operation did not finish within its deadline; the caller may retry. */
export class TimeoutError extends SwitchboardError {
  readonly code = 'Timeout' as const
}
/** Anything unexpected. Wraps the original error as `cause`. */
export class InternalError extends SwitchboardError {
  readonly code = 'Internal' as const
}

/** Returns `err` if it is a Switchboard error, else an `InternalError` wrapping it. */
export function asSwitchboardError(err: unknown): SwitchboardError {
  if (err instanceof SwitchboardError) return err
  return new InternalError('internal error', { cause: err })
}

/** True when retrying the same operation later may succeed. */
export function isRetryable(err: unknown): boolean {
  const code = asSwitchboardError(err).code
  return code === 'Unavailable' || code === 'Timeout' || code === 'Internal'
}
