import { createHash, timingSafeEqual } from 'node:crypto'
import { ForbiddenError, UnauthorizedError } from '@switchboard/errors'

/** What a signed-in operator may do: `admin` acts (replays), `viewer` only looks. */
export type Role = 'admin' | 'viewer'

const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * Maps a bearer token to its role, comparing digests in constant time. Tokens are never kept in any
 * other form, logged, or sent back.
 */
export function roleResolver(tokens: { admin: string; viewer?: string }): (authorization?: string) => Role {
  const known: Array<[Buffer, Role]> = [[digest(tokens.admin), 'admin']]
  if (tokens.viewer) known.push([digest(tokens.viewer), 'viewer'])
  return (authorization) => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
    if (!token) throw new UnauthorizedError('sign in: missing bearer token')
    const d = digest(token)
    for (const [k, role] of known) if (timingSafeEqual(k, d)) return role
    throw new UnauthorizedError('sign in: unknown token')
  }
}

/** Refuses a viewer an action only an admin may take. */
export function requireAdmin(role: Role, action: string): void {
  if (role !== 'admin') throw new ForbiddenError(`the read-only role may not ${action}`)
}
