import type { Queryable } from '@switchboard/db'
import { InvalidInputError } from '@switchboard/errors'
import { isDateTime } from '../dates.js'
import { ID_PATTERN } from '../ids.js'

/** Page sizes the list endpoints accept. */
export const PAGE = { default: 20, max: 100 }

/** Position after the last item of a page: its sort value and id (ids break ties). */
interface Cursor {
  v: string
  id: string
}

/** `value` as an opaque `nextToken`: its JSON, base64url. */
export function opaqueToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/**
 * What an `opaqueToken` holds, when `accept` takes it (it answers the value, or undefined to
 * refuse): a token this API did not issue is a 400, not a 500.
 */
export function readToken<T>(token: string, accept: (held: Record<string, unknown>) => T | undefined): T {
  let held: unknown
  try {
    held = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    held = undefined
  }
  const value =
    held !== null && typeof held === 'object' ? accept(held as Record<string, unknown>) : undefined
  if (value === undefined) throw new InvalidInputError('nextToken: not a token this API issued')
  return value
}

/** Encodes the keyset cursor after `last` as an opaque `nextToken`. */
export function encodeToken(sortValue: Date, id: string): string {
  return opaqueToken({ v: sortValue.toISOString(), id } satisfies Cursor)
}

/**
 * Decodes a `nextToken` of `encodeToken`: only what it writes (a canonical `toISOString` of a date
 * Postgres can hold, an id of `newId`) is taken; anything else is a 400, never a value for SQL.
 */
export function decodeToken(token: string | undefined): Cursor | null {
  if (!token) return null
  return readToken(token, ({ v, id }) =>
    typeof v === 'string' &&
    typeof id === 'string' &&
    isDateTime(v) &&
    new Date(v).toISOString() === v &&
    ID_PATTERN.test(id)
      ? { v, id }
      : undefined,
  )
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

/**
 * The condition `<alias>.<column> = $n` for each filter that has a value, or `= ANY($n)` for a
 * non-empty array (empty arrays and `undefined` are no filter); appends the parameters.
 */
export function filtersWhere(alias: string, filters: Array<[string, unknown]>, params: unknown[]): string {
  const parts: string[] = []
  for (const [column, value] of filters) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    params.push(value)
    parts.push(
      Array.isArray(value)
        ? `${alias}.${column} = ANY($${params.length})`
        : `${alias}.${column} = $${params.length}`,
    )
  }
  return parts.length ? parts.join(' AND ') : 'TRUE'
}

/** One page, newest first, of `SELECT * FROM <table> <alias> WHERE <where>` (keyset on created_at, id). */
export async function newestFirst<R extends { id: string; created_at: Date }>(
  db: Queryable,
  from: { table: string; alias: string },
  where: string,
  params: unknown[],
  nextToken: string | undefined,
): Promise<{ items: R[]; nextToken?: string }> {
  const size = pageSize(undefined)
  const ks = keyset(from.alias, 'created_at', 'desc', decodeToken(nextToken), params)
  params.push(size + 1)
  const { rows } = await db.query<R>(
    `SELECT ${from.alias}.* FROM ${from.table} ${from.alias} WHERE ${where} AND ${ks.where}
     ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  return page(rows, size, (r) => r.created_at)
}
