import type { Metadata } from '@grpc/grpc-js'
import { ForbiddenError, UnauthorizedError } from '@switchboard/errors'
import { bearerIdentities, type CallGuard } from '@switchboard/proto'

/** A gRPC service's guard, and the identity it found for a call that passed it. */
export interface IdentityGuard<I extends string> {
  guard: CallGuard
  /** The identity of a call the guard let through (handlers use it for finer checks). */
  identityOf(md: Metadata): I
}

/**
 * Guards a gRPC service by bearer token: no token or one that matches no identity →
 * `UnauthorizedError` (UNAUTHENTICATED); a known identity that may not call the method →
 * `ForbiddenError` (PERMISSION_DENIED). `tokens` gives each identity's token (unset = no such caller).
 */
export function identityGuard<I extends string>(
  tokens: Partial<Record<I, string | undefined>>,
  may: (identity: I, method: string) => boolean,
): IdentityGuard<I> {
  const authenticate = bearerIdentities(tokens)
  const seen = new WeakMap<Metadata, I>()
  return {
    guard(method, md) {
      const caller = authenticate(md)
      if (!caller.identity) {
        throw new UnauthorizedError(
          caller.name === 'anonymous' ? 'missing bearer token' : 'unknown bearer token',
        )
      }
      if (!may(caller.identity, method)) {
        throw new ForbiddenError(`the ${caller.identity} identity may not call ${method}`)
      }
      seen.set(md, caller.identity)
    },
    identityOf(md) {
      const identity = seen.get(md)
      if (!identity) throw new UnauthorizedError('the call was not authenticated')
      return identity
    },
  }
}
