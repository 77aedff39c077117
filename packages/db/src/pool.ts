import { createHash } from 'node:crypto'
import pg from 'pg'
import { PipelinedQuery } from './pipelined-query.js'

/** A pg connection pool; the only way services reach Postgres. */
export type Pool = pg.Pool
/**
 * A transaction's connection as `withTransaction` hands it to `fn`: its `query`, in the promise
 * forms (text and values, or a config such as `prepared()` gives). Releasing it is withTransaction's.
 */
export type PoolClient = Pick<pg.PoolClient, 'query'>
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
 * Sends `statement` (text with `$n` placeholders for `values`, or a config such as `prepared()`
 * gives) with COMMIT in its round trip, as the transaction's last statement, and returns its
 * result. If it fails, nothing is committed and the transaction rolls back as on any other error.
 */
export type CommitWith = (statement: string | pg.QueryConfig, values?: unknown[]) => Promise<pg.QueryResult>

/**
 * Runs `fn` in a transaction on one connection: COMMIT on success, ROLLBACK on any error (which
 * is rethrown). `afterCommit` callbacks registered by `fn` run only once the commit succeeded. `fn`
 * may end with `commit(statement, values)` to save the COMMIT's own round trip.
 *
 * No round trip of its own for BEGIN: the connection is taken and BEGIN sent with `fn`'s first
 * query (`PipelinedQuery`), so one statement and `commit` cost one round trip and a `fn` that makes
 * no query sends nothing. A connection that failed under it (or whose ROLLBACK failed) is released
 * as broken, and so is one holding a stale prepared statement.
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (tx: PoolClient, afterCommit: (cb: () => void) => void, commit: CommitWith) => Promise<T>,
): Promise<T> {
  const callbacks: Array<() => void> = []
  let connecting: Promise<pg.PoolClient> | undefined
  let broken: Error | undefined
  const onError = (err: Error) => {
    broken ??= err
  }
  const connection = () =>
    (connecting ??= pool.connect().then((c) => {
      c.on('error', onError)
      return c
    }))
  let begun = false
  let committed = false
  // The statement that carried BEGIN failed: BEGIN may not have run (a Parse that failed comes
  // before it), so nothing more may run, as in a transaction Postgres aborted.
  let aborted: Error | undefined
  const send = async (config: pg.QueryConfig, commit: boolean) => {
    if (committed) throw new Error('withTransaction: a query after the commit, outside the transaction')
    if (aborted)
      throw new Error(`withTransaction: the transaction's first statement failed (${aborted.message})`)
    const around = { begin: !begun, commit }
    begun = true
    const client = await connection()
    if (!around.begin && !commit) return client.query(config)
    return new Promise<pg.QueryResult>((resolve, reject) => {
      const q = new PipelinedQuery(config, around, (err, r) => (err ? reject(err) : resolve(r!)))
      client.query(q as unknown as pg.Submittable)
    }).catch((err: Error) => {
      if (around.begin) aborted = err
      // As pg's own promise does: a stack that leads back to the caller.
      Error.captureStackTrace(err)
      throw err
    })
  }
  const tx = { query: (text: unknown, values?: unknown) => send(queryConfig(text, values), false) }
  const commit: CommitWith = async (statement, values) => {
    const result = await send(queryConfig(statement, values), true)
    committed = true
    return result
  }
  try {
    const result = await fn(tx as PoolClient, (cb) => callbacks.push(cb), commit)
    // `fn` caught its first statement's error and went on: nothing of it commits.
    if (aborted) throw aborted
    if (begun && !committed) await (await connection()).query('COMMIT')
    committed = true
    for (const cb of callbacks) cb()
    return result
  } catch (err) {
    const client = await connecting?.catch(() => undefined)
    if (begun) await client?.query('ROLLBACK').catch(onError)
    // A statement prepared before another replica's migration changed its result's columns fails
    // on this connection until it is gone: the retry then gets a fresh one (`pool.query` does the
    // same on any error).
    if (isStalePreparedStatement(err)) broken ??= err as Error
    throw err
  } finally {
    const client = await connecting?.catch(() => undefined)
    client?.removeListener('error', onError)
    client?.release(broken)
  }
}

/** `tx.query`'s arguments as one config; only the promise forms are taken inside a transaction. */
function queryConfig(text: unknown, values: unknown): pg.QueryConfig {
  if (typeof values === 'function' || (text as pg.Submittable | undefined)?.submit)
    throw new TypeError('withTransaction: tx.query takes a text or a query config, and returns a promise')
  if (typeof text === 'string') return { text, values: values as unknown[] | undefined }
  if (!text || typeof text !== 'object')
    throw new TypeError('withTransaction: tx.query needs a text or a config')
  return values ? { ...(text as pg.QueryConfig), values: values as unknown[] } : (text as pg.QueryConfig)
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
