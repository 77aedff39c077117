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

/**
 * Runs `fn` in a transaction on one connection: COMMIT on success, ROLLBACK on any error (which
 * is rethrown). `afterCommit` callbacks registered by `fn` run only once the commit succeeded.
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (tx: PoolClient, afterCommit: (cb: () => void) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  const callbacks: Array<() => void> = []
  let discard: Error | undefined
  try {
    await client.query('BEGIN')
    const result = await fn(client, (cb) => callbacks.push(cb))
    await client.query('COMMIT')
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
