/**
 * `npm run bench:loop`: the full loop, measured. The four services each in their own process as
 * deployed (`npm start -w`), on a nats-server of the benchmark's own (so its CPU is ours alone) and a
 * fresh database; the example integration in an endpoint bot that answers every message with
 * createMessage; a sink for the integration's POSTs. An open-loop sender at a ladder of fixed rates
 * over 20 conversations prints, per rate, the webhook-sent → echo-at-sink latency, delivered/sent and
 * the CPU per message of each process; then the segment: an integration's createMessage through the
 * Runtime API → arrival at the endpoint bot. A figure-printing script, not a test.
 *
 * Settings (environment): BENCH_LOOP_RATES (10,25,50,100,200), BENCH_LOOP_SECONDS per step (20),
 * BENCH_SEGMENT_RATES (25,100,200), BENCH_SEGMENT_SECONDS (10), BENCH_CONVERSATIONS (20),
 * BENCH_IDLE_SECONDS (5: the idle platform's CPU, measured before the ladder),
 * BENCH_CPU_PROF=<dir> (V8 CPU profiles of chat-api and the dispatcher, written when they stop, and
 * of the sandboxed integration in <dir>/runner, which then runs without Node's permission model),
 * BENCH_NATS_SERVER (the nats-server binary to run: default the one on PATH, e.g. Debian's 2.9.10),
 * BENCH_SERVICE_ENV (extra settings, e.g. `chat-api:AUTH_CACHE_TTL_MS=0,dispatcher:CONFIG_CACHE_TTL_MS=0`
 * to measure without a lever).
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@botpress/client'
import { startSink, type BotEvent } from '@switchboard/dispatcher/testing'
import { natsServerVersion, startOwnNatsServer, waitFor } from '@switchboard/testing'
import { sendLoad } from '../chaos/load.js'
import { startEchoLoop } from '../loop/echo-loop.js'
import { startProcessPlatform } from '../loop/processes.js'
import { databaseWorkProbe, formatDatabaseWork, type DatabaseWork } from './database.js'
import {
  CPU_GROUPS,
  cpuDelta,
  cpuSnapshot,
  nodesBelow,
  runnerDelta,
  RUNNER_PARTS,
  switchesDelta,
  type CpuRoots,
  type CpuSnapshot,
} from './cpu.js'
import { formatCpu, formatIdle, formatLatency, summarise, type StepResult } from './report.js'

const env = process.env
const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter(Boolean).map(Number)
const rates = list(env.BENCH_LOOP_RATES, '10,25,50,100,200')
const stepSeconds = Number(env.BENCH_LOOP_SECONDS ?? 20)
const segmentRates = list(env.BENCH_SEGMENT_RATES, '25,100,200')
const segmentSeconds = Number(env.BENCH_SEGMENT_SECONDS ?? 10)
const conversations = Number(env.BENCH_CONVERSATIONS ?? 20)
const idleSeconds = Number(env.BENCH_IDLE_SECONDS ?? 5)
/** How long after its last send a step waits for the stragglers. */
const DRAIN_MS = 10_000
const SUSTAINED_MS = 2000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

const dir = await mkdtemp(join(tmpdir(), 'sb-bench-loop-'))
console.log(`logs in ${dir}; load average ${load()}`)
const nats = await startOwnNatsServer(env.BENCH_NATS_SERVER)
console.log(natsServerVersion(env.BENCH_NATS_SERVER))
// Arrival times at the sink (echoes) and at the bot (the segment's messages), by text.
const atSink = new Map<string, number>()
const atBot = new Map<string, number>()
const sink = await startSink((body) => {
  atSink.set(String(body.text).replace(/^re: /, ''), Date.now())
  return 204
})
const prof = env.BENCH_CPU_PROF
if (prof) await mkdir(join(prof, 'runner'), { recursive: true })
// `--cpu-prof` is refused in NODE_OPTIONS; the hook profiles through the inspector instead.
const hook = fileURLToPath(new URL('./cpu-profile-hook.mjs', import.meta.url))
const profEnv: Record<string, string> = prof
  ? { NODE_OPTIONS: `--import ${hook}`, SB_CPU_PROF_DIR: prof }
  : {}
const serviceEnv: Record<string, Record<string, string>> = {}
for (const item of (env.BENCH_SERVICE_ENV ?? '').split(',').filter(Boolean)) {
  const m = /^([a-z-]+):([A-Z0-9_]+)=(.*)$/.exec(item)
  if (!m) throw new Error(`BENCH_SERVICE_ENV: "${item}" is not <service>:<NAME>=<value>`)
  ;(serviceEnv[m[1]!] ??= {})[m[2]!] = m[3]!
}
console.log('starting the four services…')
const platform = await startProcessPlatform({
  logDir: dir,
  natsUrl: nats.url,
  sandboxLoopbackPorts: [Number(new URL(sink.url).port)],
  env: {
    ...serviceEnv,
    'chat-api': { ...profEnv, ...serviceEnv['chat-api'] },
    dispatcher: {
      ...profEnv,
      ...(prof && { SB_RUNNER_CPU_PROF_DIR: join(prof, 'runner') }),
      ...serviceEnv.dispatcher,
    },
  },
})
try {
  const loop = await startEchoLoop(platform.host, platform.ingressUrl, sink, join(dir, 'build'), {
    botName: 'bench-bot',
    onEvent: (event: BotEvent) => {
      const text = event.payload.message?.payload?.text
      if (text?.startsWith('seg-')) atBot.set(text, Date.now())
    },
    answers: (text) => !text.startsWith('seg-'),
  })
  const roots: CpuRoots = {
    services: {
      'chat-api': platform.services['chat-api'].pid,
      dispatcher: platform.services.dispatcher.pid,
      secrets: platform.services.secrets.pid,
      ingress: platform.services.ingress.pid,
    },
    natsServer: nats.pid,
    databaseName: platform.databaseName,
  }
  const database = await databaseWorkProbe(platform.databaseName)
  const printDatabaseWork = async (from: DatabaseWork | undefined, messages: number) => {
    const to = await database.read()
    if (from && to) console.log(formatDatabaseWork(from, to, messages))
  }
  /** Context switches between two snapshots per group, divided by `per` (messages, or seconds). */
  const printSwitches = (from: CpuSnapshot, to: CpuSnapshot, per: number, unit: string) => {
    const switches = switchesDelta(from, to)
    const each = (g: (typeof CPU_GROUPS)[number]) => (switches[g] / (per || NaN)).toFixed(1)
    console.log(`  context switches per ${unit}: ${CPU_GROUPS.map((g) => `${g} ${each(g)}`).join(', ')}`)
  }
  // Until the warm-up's echo is back: the sandbox is started, every cache warm.
  while (!atSink.has('warm-up')) await sleep(100)

  // The fixed cost: what the platform spends doing nothing (heartbeats, pulls, pollers, timers),
  // which each rate's CPU per message carries as idle CPU ÷ rate.
  const idleBefore = cpuSnapshot(roots)
  await sleep(idleSeconds * 1000)
  const idleAfter = cpuSnapshot(roots)
  const idle = cpuDelta(idleBefore, idleAfter)
  console.log(`\nidle, CPU ms per second over ${idleSeconds} s:`)
  for (const line of formatIdle(idle, idleSeconds)) console.log(line)
  printSwitches(idleBefore, idleAfter, idleSeconds, 'second')

  console.log(
    `\nfull loop: webhook sent → echo at the sink, ${conversations} conversations, ${stepSeconds} s per rate`,
  )
  const steps: StepResult[] = []
  for (const rate of rates) {
    const tag = `r${rate}-`
    const work = await database.read()
    const before = cpuSnapshot(roots)
    const sent = await sendLoad({
      url: loop.url,
      total: Math.round(rate * stepSeconds),
      ratePerSecond: rate,
      conversations,
      retryForMs: 5000,
      text: (i) => `${tag}${i}`,
    })
    const deadline = Date.now() + DRAIN_MS
    while (sent.some((w) => !atSink.has(w.text)) && Date.now() < deadline) await sleep(100)
    const after = cpuSnapshot(roots)
    const cpu = cpuDelta(before, after)
    const latencies = sent.flatMap((w) => {
      const at = atSink.get(w.text)
      return at === undefined ? [] : [at - w.sentAt]
    })
    const step = summarise(rate, sent.length, latencies, cpu, load())
    steps.push(step)
    console.log(formatLatency(step))
    const parts = runnerDelta(before, after)
    const perMessage = (seconds: number) => ((seconds * 1000) / (latencies.length || NaN)).toFixed(2)
    console.log(
      `  runner by process, CPU ms per message: ${RUNNER_PARTS.map((p) => `${p} ${perMessage(parts[p])}`).join(', ')}`,
    )
    printSwitches(before, after, latencies.length, 'message')
    await printDatabaseWork(work, latencies.length)
    if (step.delivered < step.sent) {
      console.log(
        `  ${step.sent - step.delivered} not delivered within ${DRAIN_MS / 1000} s: the ladder stops here`,
      )
      break
    }
  }
  console.log('\nCPU per full-loop message (ms), by process:')
  for (const line of formatCpu(steps)) console.log(line)
  const sustained = steps.filter((s) => s.delivered === s.sent && s.max <= SUSTAINED_MS)
  console.log(
    `\nhighest sustained rate (everything delivered within ${SUSTAINED_MS / 1000} s): ` +
      (sustained.length ? `${Math.max(...sustained.map((s) => s.rate))}/s` : 'none'),
  )

  // The segment: an integration's createMessage through the Runtime API → arrival at the bot.
  const token = await platform.host.admin.CreateToken({
    kind: 'integration',
    integrationId: loop.integrationId,
    botId: '',
    name: 'bench',
  })
  const client = new Client({
    apiUrl: platform.host.apiUrl,
    botId: loop.bot.id,
    integrationId: loop.integrationId,
    token: token.secret,
  })
  const targets = await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      const { conversation } = await client.getOrCreateConversation({
        channel: 'channel',
        tags: { id: `seg-c${c}` },
      })
      const { user } = await client.getOrCreateUser({ tags: { id: `seg-u${c}` } })
      return { conversationId: conversation.id, userId: user.id }
    }),
  )
  console.log(
    `\nsegment: integration createMessage → arrival at the endpoint bot, ${segmentSeconds} s per rate`,
  )
  const segments: StepResult[] = []
  for (const rate of segmentRates) {
    const work = await database.read()
    const before = cpuSnapshot(roots)
    const total = Math.round(rate * segmentSeconds)
    const started = Date.now()
    const calls: Array<Promise<{ text: string; at: number; ok: boolean }>> = []
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - Date.now()
      if (wait > 0) await sleep(wait)
      const text = `seg-r${rate}-${i}`
      const at = Date.now()
      calls.push(
        client
          .createMessage({ ...targets[i % conversations]!, type: 'text', payload: { text }, tags: {} })
          .then(
            () => ({ text, at, ok: true }),
            () => ({ text, at, ok: false }),
          ),
      )
    }
    const done = await Promise.all(calls)
    const deadline = Date.now() + DRAIN_MS
    while (done.some((c) => c.ok && !atBot.has(c.text)) && Date.now() < deadline) await sleep(100)
    const after = cpuSnapshot(roots)
    const cpu = cpuDelta(before, after)
    const latencies = done.flatMap((c) => {
      const at = atBot.get(c.text)
      return at === undefined ? [] : [at - c.at]
    })
    const step = summarise(rate, total, latencies, cpu, load())
    segments.push(step)
    console.log(formatLatency(step))
    printSwitches(before, after, latencies.length, 'message')
    await printDatabaseWork(work, latencies.length)
  }
  console.log('\nCPU per segment message (ms), by process:')
  for (const line of formatCpu(segments)) console.log(line)
  if (prof) {
    // The sandboxed node writes its profile (--cpu-prof) when it exits, which it does on SIGTERM.
    const runners = nodesBelow(platform.services.dispatcher.pid, '--cpu-prof')
    for (const pid of runners) process.kill(pid, 'SIGTERM')
    await waitFor('the runners to exit', () => runners.every((pid) => !existsSync(`/proc/${pid}`)), 60_000)
    console.log(`CPU profiles of the runners: ${join(prof, 'runner')}/*.cpuprofile`)
  }
  await loop.close()
  await database.close()
  if (prof) {
    const pids = (['chat-api', 'dispatcher'] as const).flatMap((s) =>
      nodesBelow(platform.services[s].pid, 'dist/main.js'),
    )
    for (const pid of pids) process.kill(pid, 'SIGUSR2')
    await waitFor(
      'the CPU profiles',
      () => pids.every((pid) => existsSync(join(prof, `${pid}.cpuprofile`))),
      60_000,
    )
    console.log(
      `CPU profiles of chat-api and the dispatcher: ${pids.map((p) => `${prof}/${p}.cpuprofile`).join(' ')}`,
    )
  }
} finally {
  await platform.close()
  await sink.close()
  await nats.stop()
  if (!prof) await rm(dir, { recursive: true, force: true })
  else console.log(`logs kept in ${dir}`)
}
