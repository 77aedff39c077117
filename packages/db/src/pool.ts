import { createHash } from 'node:crypto'
import pg from 'pg'

/** A pg connection pool; the only way services reach Postgres. */
export type Pool = pg.Pool
/** One checked-out connection, as used inside a transaction. */
export type PoolClient = pg.PoolClient
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>

/** Options for `createPool`. */
export interface PoolOptions {
  url: string
  max?: number
  /** The application_name Postgres shows in pg_stat_activity. */
  applicationName?: string
  /** Schema(s) unqualified names resolve to, e.g. the service's own schema. */
  searchPath?: string
}

// Keep bigint counts and timestamps predictable: int8 → number (our counts stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v))

/** Creates a pool. Connection errors on idle clients are reported to `onError`, never crash. */
export function createPool(opts: PoolOptions, onError?: (err: Error) => void): Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    application_name: opts.applicationName,
    connectionTimeoutMillis: 10_000,
    options: opts.searchPath ? `-c search_path=${opts.searchPath},public` : undefined,
  })
  pool.on('error', (err) => onError?.(err))
  return pool
}

/** What `CommitWith` appends to its statement: a client that joins an outer transaction strips it. */
export const AND_COMMIT = ';\nCOMMIT'

/** A connection of its own, outside any pool (`connectDedicated`); `end()` closes it. */
export type DedicatedClient = pg.Client

/**
 * Opens a connection with `pool`'s settings but outside it, for a session held for good (a lock, a
 * LISTEN): the pool keeps all of its `max` connections for requests, which a pool of one (dev mode's
 * embedded Postgres) cannot spare.
 */
export async function connectDedicated(pool: Pool): Promise<DedicatedClient> {
  const client = new pg.Client(pool.options)
  await client.connect()
  return client
}

/**
 * Sends `text` (with `$n` placeholders for `values`) and COMMIT in one round trip, as the
 * transaction's last statement, and returns `text`'s result. If `text` fails, nothing is committed
 * (Postgres skips the rest of the string) and the transaction rolls back as on any other error.
 */
export type CommitWith = (text: string, values: unknown[]) => Promise<pg.QueryResult>

/**
 * Runs `fn` in a transaction on one connection: COMMIT on success, ROLLBACK on any error (which
 * is rethrown). `afterCommit` callbacks registered by `fn` run only once the commit succeeded. `fn`
 * may end with `commit(text, values)` to save the COMMIT's own round trip.
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (tx: PoolClient, afterCommit: (cb: () => void) => void, commit: CommitWith) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  const callbacks: Array<() => void> = []
  let discard: Error | undefined
  let committed = false
  const commit: CommitWith = async (text, values) => {
    const results = (await client.query(
      `${inlineValues(text, values)};\nCOMMIT`,
    )) as unknown as pg.QueryResult[]
    committed = true
    return results[0]!
  }
  try {
    await client.query('BEGIN')
    const result = await fn(client, (cb) => callbacks.push(cb), commit)
    if (!committed) await client.query('COMMIT')
    for (const cb of callbacks) cb()
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    // A statement prepared before another replica's migration changed its result's columns fails
    // on this connection until it is gone: the retry then gets a fresh one (`pool.query` does the
    // same on any error).
    if (isStalePreparedStatement(err)) discard = err as Error
    throw err
  } finally {
    client.release(discard)
  }
}

/**
 * True for Postgres's "cached plan must not change result type" (SQLSTATE 0A000): a `prepared`
 * statement whose result columns changed under it (a migration added a column to a `SELECT *`).
 */
export function isStalePreparedStatement(err: unknown): boolean {
  return (err as { code?: string })?.code === '0A000'
}

/** True when `err` is a Postgres unique-violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505'
}

/**
 * `text` with its `$n` placeholders replaced by `values` as SQL literals, for the simple query
 * protocol (which takes no parameters, and so can carry two statements in one round trip). Strings
 * and JSON go through pg's `escapeLiteral`; `text` itself must hold no `$n` inside its own literals.
 */
export function inlineValues(text: string, values: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1
    if (i >= values.length) throw new Error(`inlineValues: no value for $${n}`)
    return literal(values[i])
  })
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL'
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`inlineValues: ${v} is not a number SQL can hold`)
    return String(v)
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (typeof v === 'bigint') return String(v)
  if (v instanceof Date) return pg.escapeLiteral(v.toISOString())
  if (Buffer.isBuffer(v)) throw new Error('inlineValues: bytes are not inlined; use a parameter')
  return pg.escapeLiteral(typeof v === 'string' ? v : JSON.stringify(v))
}

const names = new Map<string, string>()

/**
 * `text` with `values` as a named statement: each connection parses and plans it once, on first
 * use, and then only binds and executes it (Postgres may keep a generic plan after five runs). For
 * the hot path's fixed statements only: a connection keeps every statement it prepared for its
 * whole life, so a text built from input (a list of columns, a varying number of values) must not
 * go through here. After a migration that changes a prepared `SELECT *`'s columns, a connection
 * that prepared it fails it once and is replaced (`isStalePreparedStatement`).
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text)
  if (!name) {
    name = `sb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    names.set(text, name)
  }
  return { name, text, values }
}
