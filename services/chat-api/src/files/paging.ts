import { opaqueToken, readToken } from '../chat/pagination.js'

/** Encodes the position of the next page of an offset-paged list as an opaque `nextToken`. */
export function offsetToken(offset: number): string {
  return opaqueToken({ o: offset })
}

/** Decodes a `nextToken` of `offsetToken`. */
export function offsetOf(token: string | undefined): number {
  if (!token) return 0
  return readToken(token, ({ o }) => (typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined))
}

/** Cuts the extra row fetched to know whether a next page exists, and makes its token. */
export function offsetPage<R>(rows: R[], offset: number, size: number): { items: R[]; nextToken?: string } {
  if (rows.length <= size) return { items: rows }
  return { items: rows.slice(0, size), nextToken: offsetToken(offset + size) }
}
