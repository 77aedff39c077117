/**
 * `npm run bench`: webhook throughput and latency on this machine, in one run (issue 4, item 7).
 *
 * Measures with autocannon (fixed connections and duration, after a short warm-up each time):
 *  (a) ingress with the publish acknowledged: real chat-api for the lookup (cache warm), a fresh
 *      NATS prefix, the integration's syncTimeoutMs set to 1 so ingress answers 202 right after the
 *      ack (nothing plays the dispatcher);
 *  (b) the minimal baseline: a plain node http server doing one JetStream publish per request;
 *  (c) a bare hello-world node http server;
 *  (a') ingress as `npm start` runs it, with OpenTelemetry loaded (no exporter), for information;
 * and prints req/s, p50/p99 latency, CPU time per request of the server and of nats-server, and the
 * ratios ingress/baseline and baseline/hello. (a) and (b) alternate for BENCH_ROUNDS rounds and
 * the medians are compared, so a burst of other load on the machine does not decide the ratio.
 * Every server runs in its own process; the stream is purged between runs and deleted at the end.
 *
 * Env: BENCH_CONNECTIONS (50), BENCH_DURATION seconds (10), BENCH_WARMUP seconds (2),
 * BENCH_ROUNDS (3), BENCH_CPU_PROF (a directory: write V8 CPU profiles of the servers there).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, totalmem } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { startHarness, TEST_DEFINITION } from '@switchboard/chat-api/testing'
import { ensureStreams, jetstreamManager } from '@switchboard/nats'

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CPU_PROF = process.env.BENCH_CPU_PROF

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')

/** A Telegram-style update, a typical webhook body. */
const BODY = JSON.stringify({
  update_id: 912345678,
  message: {
    message_id: 4711,
    from: { id: 123456789, is_bot: false, first_name: 'Ada', username: 'ada', language_code: 'en' },
    chat: { id: 123456789, first_name: 'Ada', username: 'ada', type: 'private' },
    date: 1732180000,
    text: 'Hello, I would like to know the status of my order #A-1234, please.',
  },
})

/** What one measurement printed. */
interface Figures {
  rps: number
  p50: number
  p99: number
  /** non-2xx answers, connection errors and timeouts: any makes the run suspect. */
  bad: number
  /** CPU time per request of the server process and of nats-server, in µs (from /proc). */
  serverCpuUs: number | undefined
  natsCpuUs: number | undefined
}

/** CPU seconds (user + system, all threads) a process used so far; undefined without /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/** Pids of the running nats-server processes (the shared one the bench publishes to). */
function natsServerPids(): number[] {
  const out: number[] = []
  let entries: string[] = []
  try {
    entries = readdirSync('/proc')
  } catch {
    return out
  }
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'nats-server') out.push(Number(d))
    } catch {
      // gone meanwhile
    }
  }
  return out
}

function sumCpu(pids: number[]): number | undefined {
  let total = 0
  for (const pid of pids) {
    const s = cpuSeconds(pid)
    if (s === undefined) return undefined
    total += s
  }
  return pids.length ? total : undefined
}

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const { port } = srv.address() as { port: number }
  srv.close()
  await once(srv, 'close')
  return port
}

/** Starts `script` (TypeScript, through tsx) in its own node process and waits until `ready` says so. */
async function startServer(
  script: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const profile = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []
  const child = spawn(
    process.execPath,
    [...profile, '--conditions=switchboard-source', '--import', 'tsx', ...nodeArgs, script],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`)
    if (await ready().catch(() => false)) return child
    if (Date.now() > deadline) throw new Error(`${script} did not become ready`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  await once(child, 'exit')
}

const ok = (url: string) => async () => (await fetch(url)).ok
const answers = (url: string) => async () => (await fetch(url, { method: 'POST', body: '{}' })).status > 0

function cannon(url: string, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration,
  })
}

async function measure(
  label: string,
  url: string,
  server: ChildProcess,
  purge: () => Promise<void>,
): Promise<Figures> {
  await cannon(url, WARMUP)
  await purge()
  const nats = natsServerPids()
  const before = [cpuSeconds(server.pid), sumCpu(nats)]
  const r = await cannon(url, DURATION)
  const after = [cpuSeconds(server.pid), sumCpu(nats)]
  const perRequest = (i: number) =>
    before[i] === undefined || after[i] === undefined || r.requests.total === 0
      ? undefined
      : ((after[i]! - before[i]!) / r.requests.total) * 1e6
  const f: Figures = {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
    serverCpuUs: perRequest(0),
    natsCpuUs: perRequest(1),
  }
  print(label, f)
  return f
}

function print(label: string, f: Figures): void {
  const us = (v: number | undefined) => (v === undefined ? '   ?' : v.toFixed(0).padStart(4))
  process.stdout.write(
    `  ${label.padEnd(48)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(3)} ms   ` +
      `p99 ${String(f.p99).padStart(3)} ms   CPU/req: server ${us(f.serverCpuUs)} µs, nats-server ${us(f.natsCpuUs)} µs` +
      `${f.bad ? `   (${f.bad} non-2xx/errors!)` : ''}\n`,
  )
}

/** The run with the median req/s. */
function median(runs: Figures[]): Figures {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!
}

async function main(): Promise<void> {
  const cpu = cpus()
  process.stdout.write(
    `Switchboard bench: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n` +
      `autocannon: ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s warm-up, ` +
      `POST of ${Buffer.byteLength(BODY)} B JSON; (a) and (b) alternate for ${ROUNDS} rounds\n\n`,
  )

  const h = await startHarness()
  const children: ChildProcess[] = []
  try {
    const names = h.nats.names
    await ensureStreams(h.nats.nc, names)
    const jsm = await jetstreamManager(h.nats.nc)
    const purge = async () => {
      await jsm.streams.purge(names.streams.webhooks)
    }
    const intg = await h.admin.PutIntegration({
      name: 'bench',
      version: '1.0.0',
      definitionJson: JSON.stringify(TEST_DEFINITION),
      webhook: { idempotencyKey: '', syncTimeoutMs: 1 },
    })
    const inst = await h.install(await h.createBot('bench-bot'), { id: intg.id, token: '' })
    const ingressEnv = (port: number) => ({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      ADMIN_GRPC_URL: `127.0.0.1:${h.api.grpcPort}`,
      WEBHOOK_RESOLVER_TOKEN: h.config.WEBHOOK_RESOLVER_TOKEN!,
      NATS_URL: h.nats.url,
      NATS_PREFIX: h.nats.prefix,
      LOG_LEVEL: 'warn',
    })

    const [helloPort, baselinePort, ingressPort, otelPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ]
    const helloUrl = `http://127.0.0.1:${helloPort}/`
    const baselineUrl = `http://127.0.0.1:${baselinePort}/`
    const ingressUrl = `http://127.0.0.1:${ingressPort}/${inst.webhookId}`
    const otelUrl = `http://127.0.0.1:${otelPort}/${inst.webhookId}`
    const ingressMain = resolve(here, '../src/main.ts')

    const hello = await startServer(resolve(here, 'hello.ts'), { PORT: String(helloPort) }, ok(helloUrl))
    children.push(hello)
    const baseline = await startServer(
      resolve(here, 'baseline.ts'),
      { PORT: String(baselinePort), NATS_URL: h.nats.url, SUBJECT: names.subjects.webhook('bench_baseline') },
      answers(baselineUrl),
    )
    children.push(baseline)
    const ingress = await startServer(
      ingressMain,
      ingressEnv(ingressPort),
      ok(`http://127.0.0.1:${ingressPort}/readyz`),
    )
    children.push(ingress)

    const c = await measure('(c) hello world (bare node http)', helloUrl, hello, purge)
    const a: Figures[] = []
    const b: Figures[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      b.push(await measure(`(b) baseline, round ${round}`, baselineUrl, baseline, purge))
      a.push(await measure(`(a) ingress, round ${round}`, ingressUrl, ingress, purge))
    }
    await stopServer(ingress)

    const otel = await startServer(
      ingressMain,
      { ...ingressEnv(otelPort), OTEL_SERVICE_NAME: 'ingress' },
      ok(`http://127.0.0.1:${otelPort}/readyz`),
      ['--import', '@switchboard/telemetry/register'],
    )
    children.push(otel)
    const aOtel = await measure("(a') ingress with OpenTelemetry (npm start)", otelUrl, otel, purge)
    await purge()

    const am = median(a)
    const bm = median(b)
    process.stdout.write('\nmedians\n')
    print('(c) hello world (bare node http)', c)
    print('(b) baseline (node http + 1 JetStream publish)', bm)
    print('(a) ingress (lookup + publish acked → 202)', am)
    print("(a') ingress with OpenTelemetry, no exporter", aOtel)

    const ratio = am.rps / bm.rps
    // CPU per request hardly depends on what else the machine runs, unlike req/s: a second opinion.
    const cpuMedian = (runs: Figures[]) => {
      const v = runs.map((f) => (f.serverCpuUs ?? NaN) + (f.natsCpuUs ?? NaN)).sort((x, y) => x - y)
      return v[Math.floor(v.length / 2)]!
    }
    const [aCpu, bCpu] = [cpuMedian(a), cpuMedian(b)]
    process.stdout.write(
      `\n  ingress / baseline = ${(ratio * 100).toFixed(0)}%   (target ≥ 80%: ${ratio >= 0.8 ? 'met' : 'NOT met'})\n` +
        (Number.isFinite(aCpu) && Number.isFinite(bCpu)
          ? `  CPU per request (server + nats-server, median): ingress ${aCpu.toFixed(0)} µs, ` +
            `baseline ${bCpu.toFixed(0)} µs → baseline / ingress = ${((bCpu / aCpu) * 100).toFixed(0)}%\n`
          : '') +
        `  baseline / hello   = ${((bm.rps / c.rps) * 100).toFixed(0)}%\n`,
    )
    if ([c, aOtel, ...a, ...b].some((f) => f.bad > 0)) {
      process.stdout.write('\n  some runs had non-2xx answers or errors: the figures above are suspect\n')
      process.exitCode = 1
    }
  } finally {
    for (const child of children) await stopServer(child)
    await h.close()
  }
}

await main()
