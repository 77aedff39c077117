import { isUniqueViolation, PG_INTEGER_MAX, withTransaction, type Queryable } from '@switchboard/db'
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { lockKey } from '../chat/deps.js'
import type { StorageDeps } from '../files/deps.js'
import { checkRow, ident, pgType, type CheckedRow, type Column } from './columns.js'
import { checkPatterns, type PatternCheck } from './pattern.js'
import { columnRef, FilterCompiler } from './filter.js'
import { loadTable, rowsTable } from './tables.js'
import { rowView, type PhysicalRow, type TableRow } from './views.js'

/** Most rows one write may carry (the spec's limit). */
export const MAX_ROWS_PER_WRITE = 1000

/** Postgres errors a filter's values can still cause (a regex Postgres rejects) as a 400. */
function asInputError(err: unknown): never {
  const code = (err as { code?: string }).code
  if (code === '2201B')
    throw new InvalidInputError(`filter: invalid regular expression (${(err as Error).message})`)
  if (code === '22003' || code === '22008' || code === '22007')
    throw new InvalidInputError(`filter: value out of range (${(err as Error).message})`)
  throw err
}

/**
 * Throws 403 when adding `added` rows (already multiplied by the table's factor) would pass the
 * bot's row quota. Serialises the bot's row-adding writes until the transaction ends.
 */
export async function checkRowQuota(
  deps: StorageDeps,
  tx: Queryable,
  botId: string,
  added: number,
): Promise<void> {
  await lockKey(tx, `table-rows:${botId}`)
  const { rows } = await tx.query<{ n: number }>(
    `SELECT coalesce(sum(row_count * factor), 0)::bigint AS n FROM user_tables WHERE bot_id = $1`,
    [botId],
  )
  const used = rows[0]!.n
  if (used + added > deps.limits.maxRowsPerBot)
    throw new ForbiddenError(
      `quota exceeded: the bot's tables would hold ${used + added} rows (factor included), over its quota of ${deps.limits.maxRowsPerBot}`,
    )
}

function checkCount(rows: unknown[]): void {
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_ROWS_PER_WRITE)
    throw new InvalidInputError(`body.rows: must hold 1 to ${MAX_ROWS_PER_WRITE} rows`)
}

const SELECT_ALL = (t: TableRow) =>
  ['id', 'created_at', 'updated_at', ...t.columns.map((c) => ident(c.physical))].join(', ')

/** Inserts checked rows with one statement (a column array per column); returns them in order. */
async function insertRows(tx: Queryable, t: TableRow, rows: CheckedRow[]): Promise<PhysicalRow[]> {
  const cols = t.columns
  const arrays = cols.map((c) => rows.map((r) => (r.has(c) ? r.get(c) : null)))
  const casts = cols.map((c, i) => `$${i + 1}::${pgType(c.type)}[]`)
  const names = cols.map((c) => ident(c.physical))
  const sql = cols.length
    ? `INSERT INTO ${rowsTable(t)} (${names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')}) RETURNING ${SELECT_ALL(t)}`
    : `INSERT INTO ${rowsTable(t)} SELECT FROM generate_series(1, $1) RETURNING ${SELECT_ALL(t)}`
  const { rows: out } = await tx.query<PhysicalRow>(sql, cols.length ? arrays : [rows.length])
  await tx.query(`UPDATE user_tables SET row_count = row_count + $2, updated_at = now_ms() WHERE id = $1`, [
    t.id,
    rows.length,
  ])
  return out.sort((a, b) => a.id - b.id)
}

async function updateRow(
  tx: Queryable,
  t: TableRow,
  id: number,
  row: CheckedRow,
): Promise<PhysicalRow | undefined> {
  const params: unknown[] = [id]
  const sets = ['updated_at = now()']
  for (const [col, v] of row) {
    params.push(v)
    sets.push(`${ident(col.physical)} = $${params.length}::${pgType(col.type)}`)
  }
  const { rows } = await tx.query<PhysicalRow>(
    `UPDATE ${rowsTable(t)} SET ${sets.join(', ')} WHERE id = $1 RETURNING ${SELECT_ALL(t)}`,
    params,
  )
  return rows[0]
}

/** Maps a key-column unique violation to a 409 naming the column. */
function asKeyConflict(t: TableRow, err: unknown): never {
  if (isUniqueViolation(err))
    throw new ConflictError(`key column ${t.key_column}: a row with this value already exists`, {
      cause: err,
    })
  throw err
}

/** createTableRows: checks every row, then inserts all or none. */
export async function createTableRows(
  deps: StorageDeps,
  caller: Caller,
  table: string,
  rows: Record<string, unknown>[],
) {
  checkCount(rows)
  return withTransaction(deps.pool, async (tx) => {
    const t = await loadTable(tx, caller, table)
    const patterns: PatternCheck[] = []
    const checked = rows.map((r, i) =>
      checkRow(t.columns, r, `body.rows[${i}]`, { creating: true, factor: t.factor, patterns }),
    )
    await checkPatterns(patterns)
    await checkRowQuota(deps, tx, caller.botId, checked.length * t.factor)
    const out = await insertRows(tx, t, checked).catch((err) => asKeyConflict(t, err))
    return out.map((r) => rowView(t.columns, r))
  })
}

function rowId(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > PG_INTEGER_MAX)
    throw new InvalidInputError(`${at}: must be a row id (a positive integer)`)
  return v
}

/** updateTableRows: changes the given columns of rows by id; a missing id is a 404 and nothing changes. */
export async function updateTableRows(
  deps: StorageDeps,
  caller: Caller,
  table: string,
  rows: Record<string, unknown>[],
) {
  checkCount(rows)
  return withTransaction(deps.pool, async (tx) => {
    const t = await loadTable(tx, caller, table)
    const patterns: PatternCheck[] = []
    const checked = rows.map((r, i) => ({
      id: rowId(r.id, `body.rows[${i}].id`),
      row: checkRow(t.columns, r, `body.rows[${i}]`, { creating: false, factor: t.factor, patterns }),
    }))
    await checkPatterns(patterns)
    const out: PhysicalRow[] = []
    for (const { id, row } of checked) {
      const updated = await updateRow(tx, t, id, row).catch((err) => asKeyConflict(t, err))
      if (!updated) throw new NotFoundError(`Row ${id} of table ${t.name}`)
      out.push(updated)
    }
    return out.map((r) => rowView(t.columns, r))
  })
}

/**
 * upsertTableRows: rows whose `keyColumn` value (default `id`) matches an existing row update it;
 * the others are inserted. All or nothing; the same key twice in one call is a 400.
 */
export async function upsertTableRows(
  deps: StorageDeps,
  caller: Caller,
  table: string,
  input: { rows: Record<string, unknown>[]; keyColumn?: string },
) {
  checkCount(input.rows)
  return withTransaction(deps.pool, async (tx) => {
    const t = await loadTable(tx, caller, table)
    const keyName = input.keyColumn ?? t.key_column ?? 'id'
    const ref = columnRef(t.columns, keyName, 'body.keyColumn')
    if (ref.type === 'object' || ref.type === 'array')
      throw new InvalidInputError(
        `body.keyColumn: ${keyName} is a ${ref.type} column; a key must be a scalar`,
      )
    const patterns: PatternCheck[] = []
    const checked = input.rows.map((r, i) => {
      const at = `body.rows[${i}]`
      const row = checkRow(t.columns, r, at, { creating: false, factor: t.factor, patterns })
      const key =
        keyName === 'id' ? (r.id === undefined ? undefined : rowId(r.id, `${at}.id`)) : row.get(ref.column!)
      if (keyName !== 'id' && (key === undefined || key === null))
        throw new InvalidInputError(`${at}.${keyName}: the key column's value is missing`)
      return { row, key, raw: r, at }
    })
    // Checks that read nothing run before the table's lock, so a call waiting for the pattern worker
    // does not hold up the table's other writers.
    await checkPatterns(patterns)
    await lockKey(tx, `table:${t.id}`)
    const keys = checked.map((c) => c.key).filter((k) => k !== undefined)
    const seen = new Set<string>()
    for (const c of checked) {
      if (c.key === undefined) continue
      const k = JSON.stringify(c.key)
      if (seen.has(k))
        throw new InvalidInputError(`${c.at}.${keyName}: the same key appears twice in this call`)
      seen.add(k)
    }
    const existing = new Map<string, number>()
    if (keys.length) {
      const cast = ref.type === 'id' ? 'integer' : pgType(ref.type)
      const { rows } = await tx.query<{ id: number; k: unknown }>(
        `SELECT id, ${ref.sql} AS k FROM ${rowsTable(t)} WHERE ${ref.sql} = ANY ($1::${cast}[]) FOR UPDATE`,
        [keys],
      )
      const norm = (v: unknown) => JSON.stringify(v instanceof Date ? v.toISOString() : v)
      for (const r of rows) existing.set(norm(r.k), r.id)
    }
    const toInsert: typeof checked = []
    const updated: PhysicalRow[] = []
    for (const c of checked) {
      const id = c.key === undefined ? undefined : existing.get(JSON.stringify(c.key))
      if (id === undefined) {
        toInsert.push(c)
        continue
      }
      updated.push((await updateRow(tx, t, id, c.row).catch((err) => asKeyConflict(t, err)))!)
    }
    // Required columns of new rows (their patterns were checked above).
    for (const c of toInsert)
      checkRow(t.columns, c.raw, c.at, { creating: true, factor: t.factor, patterns: [] })
    let inserted: PhysicalRow[] = []
    if (toInsert.length) {
      await checkRowQuota(deps, tx, caller.botId, toInsert.length * t.factor)
      inserted = await insertRows(
        tx,
        t,
        toInsert.map((c) => c.row),
      ).catch((err) => asKeyConflict(t, err))
    }
    return {
      inserted: inserted.map((r) => rowView(t.columns, r)),
      updated: updated.map((r) => rowView(t.columns, r)),
    }
  })
}

/** getTableRow: one row by id. */
export async function getTableRow(deps: StorageDeps, caller: Caller, table: string, id: number) {
  const t = await loadTable(deps.pool, caller, table)
  const { rows } = await deps.pool.query<PhysicalRow>(
    `SELECT ${SELECT_ALL(t)} FROM ${rowsTable(t)} WHERE id = $1`,
    [rowId(id, 'query.id')],
  )
  if (!rows[0]) throw new NotFoundError(`Row ${id} of table ${t.name}`)
  return rowView(t.columns, rows[0])
}

/** deleteTableRows: by ids, by filter, or all rows (exactly one of them). */
export async function deleteTableRows(
  deps: StorageDeps,
  caller: Caller,
  table: string,
  input: { ids?: number[]; filter?: Record<string, unknown>; deleteAllRows?: boolean },
): Promise<number> {
  const ways = [input.ids !== undefined, input.filter !== undefined, input.deleteAllRows === true].filter(
    Boolean,
  ).length
  if (ways !== 1) throw new InvalidInputError('body: give exactly one of ids, filter or deleteAllRows: true')
  return withTransaction(deps.pool, async (tx) => {
    const t = await loadTable(tx, caller, table)
    const params: unknown[] = []
    let where = 'TRUE'
    if (input.ids) {
      params.push(input.ids.map((id, i) => rowId(id, `body.ids[${i}]`)))
      where = `id = ANY ($1::integer[])`
    } else if (input.filter) {
      where = new FilterCompiler(t.columns, params).compile(input.filter, 'body.filter')
    }
    const { rowCount } = await tx
      .query(`DELETE FROM ${rowsTable(t)} WHERE ${where}`, params)
      .catch(asInputError)
    await tx.query(
      `UPDATE user_tables SET row_count = greatest(row_count - $2, 0), updated_at = now_ms() WHERE id = $1`,
      [t.id, rowCount ?? 0],
    )
    return rowCount ?? 0
  })
}

/** What findTableRows takes. */
export interface FindInput {
  filter?: Record<string, unknown>
  group?: Record<string, unknown>
  search?: string
  select?: string[]
  orderBy?: string
  orderDirection?: 'asc' | 'desc'
  limit: number
  offset: number
}

/** The columns `search` looks in: those marked searchable, else every string column. */
function searchColumns(columns: Column[]): Column[] {
  const marked = columns.filter((c) => c.searchable && c.type === 'string')
  return marked.length ? marked : columns.filter((c) => c.type === 'string')
}

/**
 * findTableRows: rows matching `filter` (compiled to parameterised SQL), and `search` (full-text over
 * the searchable string columns, ranked: `similarity`), sorted and paged by offset.
 */
export async function findTableRows(deps: StorageDeps, caller: Caller, table: string, input: FindInput) {
  if (input.group && Object.keys(input.group).length)
    throw new InvalidInputError('body.group: grouping and aggregations are not supported by this server')
  const t = await loadTable(deps.pool, caller, table)
  const params: unknown[] = []
  const where = [
    input.filter ? new FilterCompiler(t.columns, params).compile(input.filter, 'body.filter') : 'TRUE',
  ]
  let similarity = ''
  if (input.search?.trim()) {
    const cols = searchColumns(t.columns)
    if (!cols.length) throw new InvalidInputError('body.search: the table has no string column to search')
    params.push(input.search)
    const doc = `to_tsvector('simple', concat_ws(' ', ${cols.map((c) => ident(c.physical)).join(', ')}))`
    const q = `websearch_to_tsquery('simple', $${params.length})`
    where.push(`${doc} @@ ${q}`)
    similarity = `, ts_rank(${doc}, ${q}) AS similarity`
  }
  const selected = input.select
    ? new Set(
        input.select
          .map((s, i) => columnRef(t.columns, s, `body.select[${i}]`))
          .flatMap((r) => (r.column ? [r.column.name] : [])),
      )
    : undefined
  const orderRef = columnRef(t.columns, input.orderBy ?? 'id', 'body.orderBy')
  if (orderRef.type === 'object' || orderRef.type === 'array')
    throw new InvalidInputError(`body.orderBy: cannot sort by a ${orderRef.type} column`)
  const dir = input.orderDirection === 'desc' ? 'DESC' : 'ASC'
  const order = [
    ...(similarity && input.orderBy === undefined ? ['similarity DESC'] : []),
    `${orderRef.sql} ${dir}`,
    ...(orderRef.sql === 'id' ? [] : [`id ${dir}`]),
  ]
  params.push(input.limit + 1, input.offset)
  const { rows } = await deps.pool
    .query<PhysicalRow>(
      `SELECT ${SELECT_ALL(t)}${similarity} FROM ${rowsTable(t)} WHERE ${where.join(' AND ')}
        ORDER BY ${order.join(', ')} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )
    .catch(asInputError)
  return {
    rows: rows.slice(0, input.limit).map((r) => rowView(t.columns, r, selected)),
    hasMore: rows.length > input.limit,
    offset: input.offset,
    limit: input.limit,
  }
}

/** Reads every row of a table in id order, `batch` at a time (for exports). */
export async function* allRows(
  db: Queryable,
  t: TableRow,
  batch = 5000,
): AsyncIterable<Record<string, unknown>[]> {
  let after = 0
  for (;;) {
    const { rows } = await db.query<PhysicalRow>(
      `SELECT ${SELECT_ALL(t)} FROM ${rowsTable(t)} WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, batch],
    )
    if (!rows.length) return
    yield rows.map((r) => rowView(t.columns, r))
    after = rows[rows.length - 1]!.id
  }
}

/** Inserts checked rows into a table inside `tx` (imports), with the quota check. */
export async function insertCheckedRows(
  deps: StorageDeps,
  tx: Queryable,
  t: TableRow,
  rows: CheckedRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_WRITE) {
    const part = rows.slice(i, i + MAX_ROWS_PER_WRITE)
    await checkRowQuota(deps, tx, t.bot_id, part.length * t.factor)
    await insertRows(tx, t, part).catch((err) => asKeyConflict(t, err))
  }
}
