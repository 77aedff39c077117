/**
 * The platform database's work, from pg_stat_statements: statements run, explicit COMMITs, and the
 * WAL they wrote. Unlike CPU, these do not move with the machine's load, so two runs on a busy
 * machine still compare. Needs the server to load the module (`shared_preload_libraries =
 * 'pg_stat_statements'`, then a restart); without it the benchmark says so and prints no figures.
 */
import { createPool, type Pool } from '@switchboard/db'
import { TEST_DATABASE_URL } from '@switchboard/testing'

/** Counters so far for one database. */
export interface DatabaseWork {
  statements: number
  commits: number
  walBytes: number
}

/**
 * Reads `DatabaseWork` of the database named `databaseName` (undefined when pg_stat_statements is
 * not loaded); `close()` ends its connection.
 */
export interface DatabaseWorkProbe {
  read(): Promise<DatabaseWork | undefined>
  close(): Promise<void>
}

/** A probe; without pg_stat_statements it says why once and reads nothing. */
export async function databaseWorkProbe(databaseName: string): Promise<DatabaseWorkProbe> {
  // The view counts every database's statements; it lives in the database the extension is in.
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = '/postgres'
  const pool: Pool = createPool({ url: url.toString(), max: 1 })
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    await pool.query('SELECT 1 FROM pg_stat_statements LIMIT 1')
  } catch (err) {
    await pool.end()
    console.log(`no database figures: pg_stat_statements is not loaded (${(err as Error).message})`)
    return { read: async () => undefined, close: async () => undefined }
  }
  const { rows } = await pool.query<{ oid: number }>(`SELECT oid FROM pg_database WHERE datname = $1`, [
    databaseName,
  ])
  const dbid = rows[0]?.oid
  return {
    async read() {
      const r = await pool.query<{ statements: string; commits: string; wal: string }>(
        `SELECT coalesce(sum(calls), 0) AS statements,
                coalesce(sum(calls) FILTER (WHERE query = 'COMMIT'), 0) AS commits,
                coalesce(sum(wal_bytes), 0) AS wal
         FROM pg_stat_statements WHERE dbid = $1`,
        [dbid],
      )
      const row = r.rows[0]!
      return { statements: Number(row.statements), commits: Number(row.commits), walBytes: Number(row.wal) }
    },
    close: () => pool.end(),
  }
}

/** One line: the database's work between `from` and `to`, per message. */
export function formatDatabaseWork(from: DatabaseWork, to: DatabaseWork, messages: number): string {
  const per = (a: number, b: number) => ((b - a) / (messages || NaN)).toFixed(1)
  return (
    `  database per message: ${per(from.statements, to.statements)} statements, ` +
    `${per(from.commits, to.commits)} COMMITs, ${per(from.walBytes / 1024, to.walBytes / 1024)} KiB of WAL`
  )
}
