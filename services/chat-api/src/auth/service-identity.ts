import { createHash, timingSafeEqual } from 'node:crypto'
import type { Metadata } from '@grpc/grpc-js'
import { ForbiddenError } from '@switchboard/errors'
import { bearerFrom } from '@switchboard/proto'

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

/**
 * A guard for gRPC services: the call's bearer token must equal one of `tokens` (compared in
 * constant time). Missing token → UNAUTHENTICATED; wrong token → PERMISSION_DENIED.
 */
export function tokenGuard(tokens: Array<string | undefined>): (method: string, md: Metadata) => void {
  const allowed = tokens.filter((t): t is string => !!t).map(digest)
  return (_method, md) => {
    const presented = digest(bearerFrom(md))
    if (!allowed.some((a) => timingSafeEqual(a, presented)))
      throw new ForbiddenError('this token may not call this service')
  }
}
