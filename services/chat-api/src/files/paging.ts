import { PG_INTEGER_MAX } from '@switchboard/db'
import { opaqueToken, readToken } from '../chat/pagination.js'

/** Encodes the position of the next page of an offset-paged list as an opaque `nextToken`. */
export function offsetToken(offset: number): string {
  return opaqueToken({ o: offset })
}

/**
 * Decodes a `nextToken` of `offsetToken`: only what the server issues (a whole offset within bounds;
 * OFFSET takes a bigint, but no list here is longer than an `integer`).
 */
export function offsetOf(token: string | undefined): number {
  if (!token) return 0
  return readToken(token, ({ o }) =>
    typeof o === 'number' && Number.isSafeInteger(o) && o >= 0 && o <= PG_INTEGER_MAX ? o : undefined,
  )
}

/** Cuts the extra row fetched to know whether a next page exists, and makes its token. */
export function offsetPage<R>(rows: R[], offset: number, size: number): { items: R[]; nextToken?: string } {
  if (rows.length <= size) return { items: rows }
  return { items: rows.slice(0, size), nextToken: offsetToken(offset + size) }
}
