/**
 * `npx tsx --conditions=switchboard-source services/chat-api/bench/outbox.ts`: the outbox publisher alone (docs/adr/0015). Writers
 * commit one row per transaction at fixed rates, as message transactions do, and kick the publisher,
 * which publishes to JetStream on its own database and stream prefix. Per rate it prints the
 * publisher's statements per row (pg_stat_statements), this process's CPU per row (the writers' share
 * is the same whatever the publisher does), the CPU per row of the database's Postgres backends, and
 * commit → stream latency. A figure-printing script, not a test.
 *
 * Env: BENCH_OUTBOX_RATES (100,400), BENCH_OUTBOX_SECONDS (10), BENCH_OUTBOX_WRITERS (20).
 */
import { createPool, migrate, readMigrations, withTransaction } from '@switchboard/db'
import { createLogger } from '@switchboard/logging'
import { connectNats, ensureStreams, jetstreamManager } from '@switchboard/nats'
import {
  createTestDatabase,
  createTestNats,
  startOwnNatsServer,
  TEST_DATABASE_URL,
  waitFor,
} from '@switchboard/testing'
import { MIGRATIONS_DIR, SCHEMA } from '../src/app.js'
import { enqueue, OutboxPublisher } from '../src/outbox/outbox.js'
import { backendSeconds } from './postgres-cpu.js'

const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter(Boolean).map(Number)
const rates = list(process.env.BENCH_OUTBOX_RATES, '100,400')
const seconds = Number(process.env.BENCH_OUTBOX_SECONDS ?? 10)
const writers = Number(process.env.BENCH_OUTBOX_WRITERS ?? 20)
// A nats-server of its own: the shared one's latency depends on everyone else's tests.
const server = await startOwnNatsServer()
const [db, nats] = await Promise.all([createTestDatabase(), createTestNats(server.url)])
const pool = createPool({ url: db.url, max: writers + 2, searchPath: SCHEMA })
const nc = await connectNats(nats.url, 'bench-outbox')
// pg_stat_statements is installed in the server's `postgres` database; it counts every database's.
const statsUrl = new URL(TEST_DATABASE_URL)
statsUrl.pathname = '/postgres'
const stats = createPool({ url: statsUrl.toString(), max: 1 })
const publisher = new OutboxPublisher({
  pool,
  names: nats.names,
  logger: createLogger({ service: 'bench-outbox', level: 'warn' }),
})
try {
  await migrate(pool, SCHEMA, await readMigrations(MIGRATIONS_DIR))
  await ensureStreams(nats.nc, nats.names)
  const dbid = (
    await pool.query<{ oid: number }>(`SELECT oid FROM pg_database WHERE datname = current_database()`)
  ).rows[0]!.oid
  /** Calls of the publisher's statements so far (everything on the outbox but the writers' insert). */
  const publisherCalls = async () =>
    (
      await stats.query<{ calls: number }>(
        `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements
         WHERE dbid = $1 AND (query ILIKE '%outbox%' OR query ILIKE '%advisory%' OR query IN ('BEGIN', 'COMMIT'))
           AND query NOT ILIKE 'INSERT INTO outbox%'`,
        [dbid],
      )
    ).rows[0]!.calls
  publisher.attach(nc)
  publisher.start()

  // Arrival at the stream, by row payload, through a plain subscription on the stream's subjects.
  const arrived = new Map<string, number>()
  const subject = nats.names.subjects.bot('b', 'c')
  const sub = nc.subscribe(`${subject.split('.').slice(0, -3).join('.')}.>`)
  void (async () => {
    for await (const m of sub) arrived.set((m.json() as { k: string }).k, performance.now())
  })()
  const jsm = await jetstreamManager(nats.nc)
  const streamed = async () => (await jsm.streams.info(nats.names.streams.bot)).state.messages

  console.log(`outbox publisher: ${writers} writers, one row per transaction, ${seconds} s per rate`)
  console.log(
    'rate      rows  stmts/row  this process ms/row  postgres ms/row   p50 ms   p99 ms   (BEGIN/COMMIT of the writers not counted)',
  )
  for (const rate of rates) {
    const total = rate * seconds
    const before = { calls: await publisherCalls(), cpu: process.cpuUsage(), pg: backendSeconds(db.name) }
    const base = await streamed()
    const committedAt = new Map<string, number>()
    const started = performance.now()
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < total; i += writers) {
          const wait = started + (i * 1000) / rate - performance.now()
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          const k = `${rate}-${i}`
          await withTransaction(pool, async (tx, afterCommit) => {
            await enqueue(tx, nats.names.subjects.bot('bench', `conv${w}`), { k, text: 'x'.repeat(400) })
            afterCommit(() => {
              committedAt.set(k, performance.now())
              publisher.kick()
            })
          })
        }
      }),
    )
    await waitFor('every row in the stream', async () => (await streamed()) >= base + total, 60_000)
    await waitFor('the outbox to empty', async () => !(await pool.query(`SELECT 1 FROM outbox`)).rowCount)
    const cpu = process.cpuUsage(before.cpu)
    const pg = backendSeconds(db.name) - before.pg
    // The writers' own transactions: one BEGIN and one COMMIT each, counted by the filter above.
    const calls = (await publisherCalls()) - before.calls - 2 * total
    const lat = [...committedAt].map(([k, at]) => (arrived.get(k) ?? NaN) - at).sort((a, b) => a - b)
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(1)
    console.log(
      `${`${rate}/s`.padEnd(8)}${String(total).padStart(6)}${(calls / total).toFixed(2).padStart(11)}` +
        `${((cpu.user + cpu.system) / 1000 / total).toFixed(3).padStart(21)}` +
        `${((pg * 1000) / total).toFixed(3).padStart(17)}${pct(0.5).padStart(9)}${pct(0.99).padStart(9)}`,
    )
  }
  sub.unsubscribe()
} finally {
  await publisher.stop()
  await nc.close()
  await stats.end()
  await pool.end()
  await nats.cleanup()
  await server.stop()
  await db.drop()
}
