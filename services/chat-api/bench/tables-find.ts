/**
 * `npm run bench`, Tables figure (issue 14): findTableRows on a table of 100,000 rows with an indexed
 * filter, through the real @botpress/client against a real chat-api (its own database), one request
 * at a time. Prints p50, p99, mean and max latency, and the query plan Postgres chose.
 *
 * Env: BENCH_TABLE_ROWS (100000), BENCH_FIND_REQUESTS (2000), BENCH_FIND_WARMUP (200).
 */
import { cpus, totalmem } from 'node:os'
import { startHarness } from '../src/testing/index.js'

const ROWS = Number(process.env.BENCH_TABLE_ROWS ?? 100_000)
const REQUESTS = Number(process.env.BENCH_FIND_REQUESTS ?? 2000)
const WARMUP = Number(process.env.BENCH_FIND_WARMUP ?? 200)
const BATCH = 1000
const MATCHES = 50

const CATEGORIES = ['books', 'games', 'music', 'tools', 'toys']

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const h = await startHarness({ TABLES_MAX_ROWS_PER_BOT: String(ROWS * 2) })
try {
  const bot = await h.createBot('bench-tables')
  const c = bot.client
  await c.createTable({
    name: 'productsTable',
    schema: {
      type: 'object',
      properties: {
        sku: { type: 'string' },
        price: { type: 'number' },
        category: { type: 'string' },
        inStock: { type: 'boolean' },
      },
    },
  })
  const t0 = performance.now()
  for (let i = 0; i < ROWS; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, ROWS - i) }, (_, j) => {
      const n = i + j
      return { sku: `sku-${n}`, price: n, category: CATEGORIES[n % CATEGORIES.length]!, inStock: n % 2 === 0 }
    })
    await c.createTableRows({ table: 'productsTable', rows })
  }
  const loadSeconds = (performance.now() - t0) / 1000
  await h.api.pool.query(
    'ANALYZE chat_tables.' + (await h.api.pool.query(`SELECT physical FROM user_tables`)).rows[0].physical,
  )

  // The filter: a price range (indexed column) that selects MATCHES rows, at a random place each time.
  const filterAt = (start: number) => ({ price: { $gte: start, $lt: start + MATCHES } })
  const times: number[] = []
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const start = Math.floor(Math.random() * (ROWS - MATCHES))
    const s = performance.now()
    const r = await c.findTableRows({ table: 'productsTable', filter: filterAt(start), limit: MATCHES })
    const ms = performance.now() - s
    if (r.rows.length !== MATCHES || r.rows[0]!.price !== start)
      throw new Error(`wrong rows for price ${start}`)
    if (i >= WARMUP) times.push(ms)
  }
  times.sort((a, b) => a - b)
  const { rows: t } = await h.api.pool.query(`SELECT physical, columns FROM user_tables`)
  const priceColumn = (t[0].columns as Array<{ name: string; physical: string }>).find(
    (x) => x.name === 'price',
  )!.physical
  const plan = await h.api.pool.query(
    `EXPLAIN ANALYZE SELECT * FROM chat_tables.${t[0].physical} WHERE ${priceColumn} >= $1 AND ${priceColumn} < $2 ORDER BY id LIMIT 51`,
    [5000, 5000 + MATCHES],
  )

  console.log(
    `\nfindTableRows on ${ROWS} rows, filter {price: {$gte: x, $lt: x + ${MATCHES}}} (indexed), limit ${MATCHES}`,
  )
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  )
  console.log(`loaded ${ROWS} rows with createTableRows (${BATCH} per call) in ${loadSeconds.toFixed(1)} s`)
  console.log(`${REQUESTS} sequential requests after ${WARMUP} warm-up:`)
  console.log(
    `  p50 ${percentile(times, 50).toFixed(2)} ms   p99 ${percentile(times, 99).toFixed(2)} ms   mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)} ms   max ${times[times.length - 1]!.toFixed(2)} ms`,
  )
  console.log('plan:\n  ' + plan.rows.map((r) => r['QUERY PLAN']).join('\n  '))
} finally {
  await h.close()
}
