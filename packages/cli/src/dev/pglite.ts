import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/** An embedded Postgres reachable with a `postgres://` URL, as the services' pools expect. */
export interface EmbeddedPostgres {
  url: string
  stop(): Promise<void>
}

/** Options of `startEmbeddedPostgres`. */
export interface EmbeddedPostgresOptions {
  /** Where the data lives (created when missing); survives restarts. */
  dataDir: string
  /**
   * The schemas of every service that will connect, in order. PGlite is one Postgres backend shared by
   * every connection, so the per-connection `search_path` a pool asks for at connect time cannot apply;
   * the backend's own path lists every service's schema instead (see `checkSharedSearchPath`).
   */
  schemas: string[]
  host?: string
  /** 0 (default): any free port. */
  port?: number
}

/** Frontend messages of the extended protocol that a Sync ends (Parse, Bind, Describe, Execute, Close). */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)))

/**
 * pglite-socket (0.2.17, pinned) queues each protocol message of each connection on its own, and
 * keeps a connection's messages together only inside a transaction. Outside one, two connections'
 * Parse/Bind/Execute interleave on the one backend, and one runs the other's unnamed statement (the
 * outbox publisher's own connection beside chat-api's pool did: rows of the wrong query). Its queue
 * takes "in a transaction" from the database it was given: answering yes also while the last message
 * it ran left an extended-protocol batch open (before its Sync) keeps that connection's batch whole.
 */
function keepExtendedBatchesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue?: { db: PGlite } }).queryQueue
  if (!queue || queue.db !== db) throw new Error('pglite-socket changed: its query queue is not where it was')
  let midBatch = false
  queue.db = new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => midBatch || target.isInTransaction()
      if (prop === 'execProtocolRawStream')
        return (message: Uint8Array, ...rest: unknown[]) => {
          midBatch = EXTENDED.has(message[0]!)
          return (target.execProtocolRawStream as (...a: unknown[]) => unknown)(message, ...rest)
        }
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/**
 * Starts PGlite (Postgres compiled to WebAssembly, in this process) and serves it over TCP with
 * pglite-socket, so services keep their node-postgres pools. PGlite runs one query at a time: the
 * socket server queues the connections' queries and keeps a transaction's queries together, so size
 * every pool to 1 connection (more only queue).
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  for (const s of opts.schemas) if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`invalid schema name ${s}`)
  mkdirSync(opts.dataDir, { recursive: true })
  const db = await PGlite.create(opts.dataDir)
  await db.exec(`SET search_path TO ${[...opts.schemas, 'public'].join(', ')}`)
  // A few spare connections: a pool that replaces a closed connection may connect before the server
  // has seen the old one go.
  const server = new PGLiteSocketServer({
    db,
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    maxConnections: 16,
  })
  keepExtendedBatchesTogether(server, db)
  try {
    await server.start()
  } catch (err) {
    await db.close()
    throw err
  }
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}

/**
 * Fails when two schemas sharing PGlite's search path have a table of the same name (an unqualified
 * name would then reach the first schema's table). Call it once the services have migrated.
 */
export async function checkSharedSearchPath(
  query: (
    sql: string,
    params: unknown[],
  ) => Promise<{ rows: Array<{ table_name: string; schemas: string }> }>,
  schemas: string[],
): Promise<void> {
  const { rows } = await query(
    `SELECT table_name, string_agg(table_schema, ', ') AS schemas FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_name <> 'schema_migrations'
      GROUP BY table_name HAVING count(*) > 1`,
    [schemas],
  )
  if (rows.length) {
    throw new Error(
      `the embedded Postgres shares one search_path between ${schemas.join(', ')}, but these tables exist in more than one: ${rows
        .map((r) => `${r.table_name} (${r.schemas})`)
        .join('; ')}. Set DATABASE_URL to a Postgres server.`,
    )
  }
}
