/**
 * What the isolated sandbox network costs (ADR 0007): for `host` and `isolated`, the cold start of a
 * process sandbox (first call, process + bubblewrap [+ slirp4netns, namespace setup]), a warm call from
 * the driver to the runner (TCP vs the Unix socket), and a warm call whose handler makes one HTTP
 * request to a stand-in Runtime API on loopback (direct vs bridged). Prints medians; not a test.
 * Run: `npx tsx scripts/bench-sandbox.ts` (BENCH_STARTS, BENCH_CALLS to change the counts).
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { createLogger } from '@switchboard/logging'
import { ProcessSandboxDriver, type SandboxSpec } from '@switchboard/sandbox'

const STARTS = Number(process.env.BENCH_STARTS ?? 10)
const CALLS = Number(process.env.BENCH_CALLS ?? 200)
const BUNDLE = `exports.default = { async handler(req) {
  if (req.headers['x-bp-operation'] === 'api') return { body: await (await fetch(process.env.BP_API_URL + '/ping')).text() }
  return { body: 'pong' }
} }`
const sha256 = createHash('sha256').update(BUNDLE).digest('hex')

const api = createServer((_req, res) => res.end('ok'))
await new Promise<void>((r) => api.listen(0, '127.0.0.1', r))
const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`
const logger = createLogger({ service: 'bench-sandbox', level: 'silent' })

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const time = async (fn: () => Promise<unknown>) => {
  const t = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}

for (const network of ['host', 'isolated'] as const) {
  const spec = (key: string): SandboxSpec => ({
    key,
    bundle: { sha256, load: async () => Buffer.from(BUNDLE) },
    env: { BP_API_URL: apiUrl },
    memoryMb: 64,
  })
  const call = (d: ProcessSandboxDriver, key: string, op: string) =>
    d.invoke({ sandbox: spec(key), headers: { 'x-bp-operation': op }, body: '{}' }).then((r) => {
      if (r.status !== 200) throw new Error(`${network}: ${r.status} ${r.body}`)
    })
  const cold: number[] = []
  for (let i = 0; i < STARTS; i++) {
    const d = new ProcessSandboxDriver({ logger, network })
    cold.push(await time(() => call(d, `k${i}`, 'ping')))
    await d.close()
  }
  const d = new ProcessSandboxDriver({ logger, network })
  await call(d, 'warm', 'api')
  const warm: number[] = []
  const viaApi: number[] = []
  for (let i = 0; i < CALLS; i++) warm.push(await time(() => call(d, 'warm', 'ping')))
  for (let i = 0; i < CALLS; i++) viaApi.push(await time(() => call(d, 'warm', 'api')))
  await d.close()
  console.log(
    `${network.padEnd(8)} cold start p50 ${median(cold).toFixed(1)} ms (n=${STARTS}) | warm call p50 ${median(warm).toFixed(2)} ms | warm call with one Runtime API request p50 ${median(viaApi).toFixed(2)} ms (n=${CALLS})`,
  )
}
api.close()
