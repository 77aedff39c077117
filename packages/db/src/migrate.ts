import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Pool } from './pool.js'

/** One migration: a numbered SQL file applied once, in order, inside a transaction. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** Reads `NNN_name.sql` files from a folder, sorted by number. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f))
  const out: Migration[] = []
  for (const f of files) {
    out.push({ version: Number(f.split('_')[0]), name: f, sql: await readFile(join(dir, f), 'utf8') })
  }
  return out.sort((a, b) => a.version - b.version)
}

/**
 * Applies pending migrations to `schema` (created if missing). Safe to run from several replicas
 * at once: a transaction-scoped advisory lock serialises them. Returns the versions applied.
 */
export async function migrate(pool: Pool, schema: string, migrations: Migration[]): Promise<number[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
  const client = await pool.connect()
  const applied: number[] = []
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`migrate:${schema}`])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    )
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${schema}.schema_migrations`,
    )
    const done = new Set(rows.map((r) => r.version))
    for (const m of migrations) {
      if (done.has(m.version)) continue
      await client.query(`SET LOCAL search_path TO ${schema}, public`)
      await client.query(m.sql)
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
        m.version,
        m.name,
      ])
      applied.push(m.version)
    }
    await client.query('COMMIT')
    return applied
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}
