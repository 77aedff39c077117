import { createHash, randomBytes } from 'node:crypto'

/** A new bearer token: 32 random bytes, base64url, with a recognisable prefix for secret scanners. */
export function generateToken(): string {
  return `sbt_${randomBytes(32).toString('base64url')}`
}

/**
 * The stored form of a token. Tokens carry 256 bits of entropy, so a plain sha256 is enough: there is
 * nothing to brute-force that a slow hash would protect.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
