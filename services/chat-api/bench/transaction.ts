/**
 * `npx tsx --conditions=switchboard-source services/chat-api/bench/transaction.ts`: what a small
 * transaction costs, as chat-api's writes make them: `withTransaction` with one INSERT of a
 * 400-byte row, at a fixed rate from writers in parallel. Per variant it prints round trips per
 * transaction (ReadyForQuery messages on the pool's connections), this process's CPU per
 * transaction, its database's Postgres backends' CPU per transaction (from /proc), and latency. A
 * figure-printing script, not a test.
 *
 * Variants: `commit` is `commit(text, values)` (the idempotency key's statement); `commit-prepared`
 * is `commit(prepared(...))`; `query` is `tx.query(prepared(...))` and withTransaction's own COMMIT.
 *
 * Env: BENCH_TX_VARIANTS (commit,commit-prepared,query), BENCH_TX_RATE (500), BENCH_TX_SECONDS (10),
 * BENCH_TX_WRITERS (10).
 */
import { createPool, prepared, withTransaction, type PoolClient } from '@switchboard/db'
import { createTestDatabase } from '@switchboard/testing'
import type pg from 'pg'
import { backendSeconds } from './postgres-cpu.js'

const variants = (process.env.BENCH_TX_VARIANTS ?? 'commit,commit-prepared,query').split(',')
const rate = Number(process.env.BENCH_TX_RATE ?? 500)
const seconds = Number(process.env.BENCH_TX_SECONDS ?? 10)
const writers = Number(process.env.BENCH_TX_WRITERS ?? 10)

const INSERT = `INSERT INTO bench_rows (k, body) VALUES ($1, $2)`
const body = 'x'.repeat(400)

/** One transaction of `variant`. */
function transaction(variant: string, pool: pg.Pool, k: string): Promise<unknown> {
  switch (variant) {
    case 'commit':
      return withTransaction(pool, (_tx, _after, commit) => commit(INSERT, [k, body]))
    case 'commit-prepared':
      return withTransaction(pool, (_tx, _after, commit) => commit(prepared(INSERT, [k, body])))
    case 'query':
      return withTransaction(pool, (tx: PoolClient) => tx.query(prepared(INSERT, [k, body])))
    default:
      throw new Error(`BENCH_TX_VARIANTS: no variant ${variant}`)
  }
}

const db = await createTestDatabase()
const pool = createPool({ url: db.url, max: writers })
// Connections kept for the whole run: one that idles out takes its backend's CPU out of the figure.
pool.options.idleTimeoutMillis = 0
let trips = 0
pool.on('connect', (c: pg.PoolClient) => c.connection.on('readyForQuery', () => trips++))
try {
  // No autovacuum: a worker that ends between two readings of /proc takes its CPU out of the figure.
  await pool.query(
    `CREATE TABLE bench_rows (id bigserial PRIMARY KEY, k text NOT NULL, body text NOT NULL)
     WITH (autovacuum_enabled = false)`,
  )
  console.log(`withTransaction, one INSERT each: ${rate}/s for ${seconds} s from ${writers} writers`)
  console.log(
    'variant            tx   round trips/tx   this process ms/tx   postgres ms/tx   p50 ms   p99 ms',
  )
  for (const variant of variants) {
    // Warm up: every connection open, every statement prepared on each.
    await Promise.all(Array.from({ length: writers * 4 }, (_, i) => transaction(variant, pool, `warm-${i}`)))
    const total = rate * seconds
    const latencies: number[] = []
    const before = { trips, cpu: process.cpuUsage(), pg: backendSeconds(db.name) }
    const started = performance.now()
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < total; i += writers) {
          const due = started + (i * 1000) / rate
          const wait = due - performance.now()
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          await transaction(variant, pool, `${variant}-${i}`)
          latencies.push(performance.now() - due)
        }
      }),
    )
    const cpu = process.cpuUsage(before.cpu)
    const pgSeconds = backendSeconds(db.name) - before.pg
    latencies.sort((a, b) => a - b)
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!
    console.log(
      `${variant.padEnd(16)}${String(total).padStart(6)}${((trips - before.trips) / total).toFixed(2).padStart(17)}` +
        `${((cpu.user + cpu.system) / 1000 / total).toFixed(3).padStart(21)}` +
        `${((pgSeconds * 1000) / total).toFixed(3).padStart(17)}` +
        `${pct(0.5).toFixed(2).padStart(9)}${pct(0.99).toFixed(2).padStart(9)}`,
    )
  }
} finally {
  await pool.end()
  await db.drop()
}
