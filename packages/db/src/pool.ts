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
  try {
    await client.query('BEGIN')
    const result = await fn(client, (cb) => callbacks.push(cb))
    await client.query('COMMIT')
    for (const cb of callbacks) cb()
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

/** True when `err` is a Postgres unique-violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505'
}
