/**
 * `tsx --conditions=switchboard-source services/dispatcher/bench/consume.ts`: the dispatcher's
 * consumer path alone, measured. A nats-server of its own; a child process runs the dispatcher's
 * consumers as app.ts builds them (SB_WEBHOOKS at CONCURRENCY 16, one durable per partition on SB_BOT
 * and SB_OUTGOING with max_ack_pending 1) with a handler that only waits `BENCH_HANDLE_MS`; this
 * process publishes to the three streams as ingress and chat-api's outbox do (`Nats-Msg-Id`, 20
 * conversations) at `BENCH_RATE` per stream for `BENCH_SECONDS`, waits until every message is acked,
 * and prints the CPU per message of the consumer process and of nats-server (from /proc), then their
 * CPU per second while idle (heartbeats, timers). A figure-printing script, not a test.
 *
 * What-ifs on the streams (measured, not what production runs): BENCH_STREAM_STORAGE=memory,
 * BENCH_DUPLICATE_WINDOW_MS=<ms>, BENCH_NO_MSG_ID=1 (publish without `Nats-Msg-Id`). BENCH_CPU_PROF=<dir>:
 * a V8 CPU profile of the consumer process.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { jetstream, jetstreamManager, type JsMsg, type StorageType } from '@nats-io/jetstream'
import { nanos } from '@nats-io/nats-core'
import { createLogger } from '@switchboard/logging'
import { connectNats, ensureStreams, natsNames } from '@switchboard/nats'
import { startOwnNatsServer, waitFor } from '@switchboard/testing'
import { workConsumers } from '../src/consume/work-consumers.js'

const env = process.env
const PREFIX = 'bench'
const names = natsNames(PREFIX)
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** utime + stime of a process (all its threads), in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) / 100
}

/** Write system calls of a process so far (`syscw` of /proc/<pid>/io): a socket write per flush. */
function writeCalls(pid: number): number {
  return Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0)
}

/** The child: the dispatcher's consumers on every work stream, handling by waiting. */
async function consume(url: string): Promise<void> {
  const nc = await connectNats(url, 'bench-consumer')
  const logger = createLogger({ service: 'bench', level: 'warn' })
  const handleMs = Number(env.BENCH_HANDLE_MS ?? 1)
  const handle = (_msg: JsMsg) => sleep(handleMs)
  const common = {
    nc,
    logger,
    retry: { maxAttempts: 5, backoffBaseMs: 1000, backoffMaxMs: 60_000 },
    ackWaitMs: 10_000,
  }
  const consumers = await workConsumers(names, common, 16, {
    webhook: handle,
    outgoing: handle,
    bot: handle,
  })
  await Promise.all(consumers.map((c) => c.start()))
  process.send?.('ready')
  process.once(
    'SIGTERM',
    () =>
      void Promise.all(consumers.map((c) => c.stop()))
        .then(() => nc.close())
        .finally(() => process.exit(0)),
  )
}

async function main(): Promise<void> {
  const rate = Number(env.BENCH_RATE ?? 100)
  const seconds = Number(env.BENCH_SECONDS ?? 15)
  const idleSeconds = Number(env.BENCH_IDLE_SECONDS ?? 10)
  const nats = await startOwnNatsServer()
  const nc = await connectNats(nats.url, 'bench-publisher')
  await ensureStreams(nc, names)
  const jsm0 = await jetstreamManager(nc)
  if (env.BENCH_STREAM_STORAGE || env.BENCH_DUPLICATE_WINDOW_MS)
    for (const s of [names.streams.webhooks, names.streams.bot, names.streams.outgoing]) {
      const info = await jsm0.streams.info(s)
      await jsm0.streams.delete(s)
      await jsm0.streams.add({
        ...info.config,
        ...(env.BENCH_STREAM_STORAGE ? { storage: env.BENCH_STREAM_STORAGE as StorageType } : {}),
        ...(env.BENCH_DUPLICATE_WINDOW_MS
          ? { duplicate_window: nanos(Number(env.BENCH_DUPLICATE_WINDOW_MS)) }
          : {}),
      })
    }
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      ...(env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_CPU_PROF] : []),
      fileURLToPath(import.meta.url),
      'consume',
      nats.url,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) => reject(new Error(`the consumer process exited (${code})`)))
    })
    const js = jetstream(nc)
    const jsm = await jetstreamManager(nc)
    const streams = [names.streams.webhooks, names.streams.bot, names.streams.outgoing]
    const empty = async () => {
      for (const s of streams) if ((await jsm.streams.info(s)).state.messages > 0) return false
      return true
    }
    const subjectOf = [
      (i: number) => names.subjects.webhook(`inst_${i % 3}`),
      (i: number) => names.subjects.bot('bot_bench', `conv_${i % 20}`),
      (i: number) => names.subjects.outgoing('inst_bench', `conv_${i % 20}`),
    ]
    const body = JSON.stringify({ kind: 'message_created', text: 'x'.repeat(600) })
    await sleep(2000)
    const measure = () => ({
      consumer: cpuSeconds(child.pid!),
      nats: cpuSeconds(nats.pid),
      writes: writeCalls(child.pid!),
    })
    const before = measure()
    const total = Math.round(rate * seconds)
    const started = Date.now()
    const acks: Array<Promise<unknown>> = []
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - Date.now()
      if (wait > 0) await sleep(wait)
      for (const [k, subject] of subjectOf.entries())
        acks.push(js.publish(subject(i), body, env.BENCH_NO_MSG_ID ? {} : { msgID: `m-${k}-${i}` }))
    }
    await Promise.all(acks)
    await waitFor('every message acked', empty, 60_000)
    const after = measure()
    const messages = total * streams.length
    const per = (a: number, b: number) => (((b - a) * 1000) / messages).toFixed(3)
    console.log(
      `${rate}/s per stream for ${seconds} s (${messages} messages, drained ${((Date.now() - started) / 1000).toFixed(1)} s): ` +
        `CPU per message: consumer process ${per(before.consumer, after.consumer)} ms, ` +
        `nats-server ${per(before.nats, after.nats)} ms; ` +
        `consumer writes per message ${((after.writes - before.writes) / messages).toFixed(2)}`,
    )
    const idle0 = measure()
    await sleep(idleSeconds * 1000)
    const idle1 = measure()
    const perSecond = (a: number, b: number) => (((b - a) * 1000) / idleSeconds).toFixed(1)
    console.log(
      `idle: consumer process ${perSecond(idle0.consumer, idle1.consumer)} ms/s, ` +
        `nats-server ${perSecond(idle0.nats, idle1.nats)} ms/s`,
    )
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    await nc.close()
    await nats.stop()
  }
}

if (process.argv[2] === 'consume') await consume(process.argv[3]!)
else await main()
