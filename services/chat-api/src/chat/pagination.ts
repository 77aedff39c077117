import { InvalidInputError } from '@switchboard/errors'

/** Page sizes the list endpoints accept. */
export const PAGE = { default: 20, max: 100 }

/** Position after the last item of a page: its sort value and id (ids break ties). */
interface Cursor {
  v: string
  id: string
}

/** Encodes the keyset cursor after `last` as an opaque `nextToken`. */
export function encodeToken(sortValue: Date, id: string): string {
  return Buffer.from(JSON.stringify({ v: sortValue.toISOString(), id } satisfies Cursor)).toString(
    'base64url',
  )
}

/** Decodes a `nextToken`; a token we did not issue is a 400, not a 500. */
export function decodeToken(token: string | undefined): Cursor | null {
  if (!token) return null
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor
    if (typeof c.v !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.v)))
      throw new Error('shape')
    return c
  } catch {
    throw new InvalidInputError('nextToken: not a token this API issued')
  }
}

/** Clamps a requested page size. */
export function pageSize(requested: number | undefined): number {
  if (requested === undefined || requested === 0) return PAGE.default
  if (!Number.isInteger(requested) || requested < 1)
    throw new InvalidInputError('pageSize: must be a positive integer')
  return Math.min(requested, PAGE.max)
}

/**
 * Builds the keyset condition and ORDER BY for a list sorted by `column` (created_at/updated_at)
 * then id. Appends its parameters to `params`.
 */
export function keyset(
  alias: string,
  column: 'created_at' | 'updated_at',
  direction: 'asc' | 'desc',
  cursor: Cursor | null,
  params: unknown[],
): { where: string; orderBy: string } {
  const op = direction === 'asc' ? '>' : '<'
  let where = 'TRUE'
  if (cursor) {
    params.push(cursor.v, cursor.id)
    where = `(${alias}.${column}, ${alias}.id) ${op} ($${params.length - 1}::timestamptz, $${params.length})`
  }
  return { where, orderBy: `${alias}.${column} ${direction}, ${alias}.id ${direction}` }
}

/** Cuts one extra row fetched to know whether there is a next page, and makes the token. */
export function page<R extends { id: string }>(
  rows: R[],
  size: number,
  sortValue: (r: R) => Date,
): { items: R[]; nextToken?: string } {
  if (rows.length <= size) return { items: rows }
  const items = rows.slice(0, size)
  const last = items[items.length - 1]!
  return { items, nextToken: encodeToken(sortValue(last), last.id) }
}

/** A created/updated date range filter (`afterDate`, `beforeDate`: ISO 8601, both inclusive). */
export interface DateRange {
  afterDate?: string
  beforeDate?: string
}

/** The SQL condition of a date range on `<alias>.<column>` (TRUE when none); appends its parameters. */
export function dateRangeWhere(
  alias: string,
  column: 'created_at' | 'updated_at',
  range: DateRange,
  params: unknown[],
): string {
  const parts: string[] = []
  if (range.afterDate) {
    params.push(range.afterDate)
    parts.push(`${alias}.${column} >= $${params.length}::timestamptz`)
  }
  if (range.beforeDate) {
    params.push(range.beforeDate)
    parts.push(`${alias}.${column} <= $${params.length}::timestamptz`)
  }
  return parts.length ? parts.join(' AND ') : 'TRUE'
}
