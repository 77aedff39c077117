import { createHash, timingSafeEqual } from 'node:crypto'
import type { Metadata } from '@grpc/grpc-js'
import { bearerFrom } from './server.js'

/** Who presented a call's bearer token: a known identity, no token (`anonymous`) or another one (`unknown`). */
export interface BearerCaller<I extends string> {
  name: I | 'anonymous' | 'unknown'
  identity?: I
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

/**
 * Builds the function that names the caller of a gRPC call from its `authorization: Bearer` header,
 * given one token per identity (an identity whose token is unset does not exist). Tokens are compared
 * as SHA-256 digests in constant time, against every identity, so timing reveals neither the token
 * nor which identity matched. Never throws.
 */
export function bearerIdentities<I extends string>(
  tokens: Partial<Record<I, string | undefined>>,
): (md: Metadata) => BearerCaller<I> {
  const known = (Object.entries(tokens) as Array<[I, string | undefined]>)
    .filter((e): e is [I, string] => !!e[1])
    .map(([identity, token]) => ({ identity, digest: digest(token) }))
  return (md) => {
    let presented: string
    try {
      presented = bearerFrom(md)
    } catch {
      return { name: 'anonymous' }
    }
    const d = digest(presented)
    let match: I | undefined
    for (const k of known) if (timingSafeEqual(k.digest, d)) match = k.identity
    return match ? { name: match, identity: match } : { name: 'unknown' }
  }
}
