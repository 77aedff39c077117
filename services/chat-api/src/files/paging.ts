import { InvalidInputError } from '@switchboard/errors'

/** Encodes the position of the next page of an offset-paged list as an opaque `nextToken`. */
export function offsetToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url')
}

/** Decodes a `nextToken` of `offsetToken`; a token we did not issue is a 400. */
export function offsetOf(token: string | undefined): number {
  if (!token) return 0
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o
  } catch {
    // fall through
  }
  throw new InvalidInputError('nextToken: not a token this API issued')
}

/** Cuts the extra row fetched to know whether a next page exists, and makes its token. */
export function offsetPage<R>(rows: R[], offset: number, size: number): { items: R[]; nextToken?: string } {
  if (rows.length <= size) return { items: rows }
  return { items: rows.slice(0, size), nextToken: offsetToken(offset + size) }
}
