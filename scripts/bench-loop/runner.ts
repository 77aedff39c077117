/**
 * `npx tsx --conditions=switchboard-source scripts/bench-loop/runner.ts`: the CPU the sandboxed
 * integration (the runner: bubblewrap, slirp4netns, the sandboxed node) costs per full-loop message,
 * apart from the rest of the platform. The example integration, built with the real @botpress/sdk, in
 * a real isolated process sandbox, against a real chat-api (in this process, with its own database):
 * per message one `webhook_received` (getOrCreateConversation, getOrCreateUser, createMessage) and one
 * `message_created` (a POST to a sink on a bridged loopback port), as the dispatcher sends them, at
 * `BENCH_RUNNER_CONCURRENCY` (4) messages at a time. Prints CPU ms per message of the runner's
 * processes, read from /proc, for each of `BENCH_RUNNER_ROUNDS` (4) rounds of `BENCH_RUNNER_MESSAGES`
 * (400). A figure-printing script, not a test.
 *
 * `BENCH_RUNNER_BASELINE=<dir>`: a directory holding another version of services/runner/src (e.g.
 * `git archive main services/runner/src | tar -x -C /tmp/base`, then `/tmp/base/services/runner/src`),
 * run in a second sandbox beside the current one, the rounds alternating between the two, so that
 * both see the same machine (on a shared, loaded machine that is the only fair comparison).
 * `BENCH_CPU_PROF=<dir>` writes the current runner's V8 CPU profile there (see `cpuProfileDir` of the
 * process driver), for scripts/bench-loop/profile-summary.ts.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHarness } from '@switchboard/chat-api/testing'
import { buildIntegration, EXAMPLES } from '@switchboard/cli'
import { createLogger } from '@switchboard/logging'
import { INVOKE_HEADERS, ProcessSandboxDriver, type SandboxSpec } from '@switchboard/sandbox'
import { waitFor } from '@switchboard/testing'
import { bundleRunner } from '@switchboard/runner'
import { nodesBelow, treeSeconds } from './cpu.js'

const env = process.env
const MESSAGES = Number(env.BENCH_RUNNER_MESSAGES ?? 400)
const ROUNDS = Number(env.BENCH_RUNNER_ROUNDS ?? 4)
const CONCURRENCY = Number(env.BENCH_RUNNER_CONCURRENCY ?? 4)
const baseline = env.BENCH_RUNNER_BASELINE
const prof = env.BENCH_CPU_PROF
if (prof) await mkdir(prof, { recursive: true })

const outDir = await mkdtemp(join(tmpdir(), 'sb-bench-runner-'))
const [built, h] = await Promise.all([
  buildIntegration(EXAMPLES.webhookIntegration, { outDir }),
  startHarness(),
])
let posted = 0
const sink = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    posted++
    res.writeHead(204).end()
  })
})
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
const sinkPort = (sink.address() as { port: number }).port
const logger = createLogger({ service: 'bench-runner', level: 'warn' })
const variants: Array<{ name: string; driver: ProcessSandboxDriver }> = [
  {
    name: 'current',
    driver: new ProcessSandboxDriver({
      logger,
      loopbackPorts: () => [sinkPort],
      ...(prof && { cpuProfileDir: prof }),
    }),
  },
]
if (baseline) {
  const source = await bundleRunner(join(baseline, 'runner.ts'))
  variants.unshift({
    name: 'baseline',
    driver: new ProcessSandboxDriver({
      logger,
      loopbackPorts: () => [sinkPort],
      runnerSource: async () => source,
    }),
  })
}
try {
  const bot = await h.createBot('bench-runner')
  const intg = await h.createIntegration('webhook', built.definition)
  const inst = await h.install(bot, intg, 'webhook')
  const sandbox: SandboxSpec = {
    key: intg.id,
    bundle: { sha256: built.sha256, load: async () => built.bundle },
    env: { BP_API_URL: h.apiUrl, BP_TOKEN: intg.token },
  }
  const invoke = async (driver: ProcessSandboxDriver, operation: string, body: unknown) => {
    const res = await driver.invoke({
      sandbox,
      headers: {
        [INVOKE_HEADERS.operation]: operation,
        [INVOKE_HEADERS.botId]: bot.id,
        [INVOKE_HEADERS.botUserId]: bot.id,
        [INVOKE_HEADERS.integrationId]: intg.id,
        [INVOKE_HEADERS.integrationAlias]: inst.alias,
        [INVOKE_HEADERS.webhookId]: inst.webhookId,
        [INVOKE_HEADERS.configuration]: Buffer.from(
          JSON.stringify({ url: `http://127.0.0.1:${sinkPort}/out` }),
        ).toString('base64'),
        [INVOKE_HEADERS.deliveryId]: `bench:${randomUUID()}`,
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
      body: JSON.stringify(body),
    })
    if (res.status !== 200) throw new Error(`${operation}: ${res.status} ${res.body}`)
  }
  const webhook = (driver: ProcessSandboxDriver, i: number) =>
    invoke(driver, 'webhook_received', {
      req: {
        method: 'POST',
        path: '',
        query: '',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: `c${i % 20}`, userId: `u${i % 20}`, text: `m${i}` }),
      },
    })
  for (const v of variants) await webhook(v.driver, 0)
  const { conversations } = await bot.client.listConversations({ tags: { 'webhook:id': 'c0' } })
  const { conversation } = await inst.client.getConversation({ id: conversations[0]!.id })
  const { message } = await bot.client.createMessage({
    conversationId: conversation.id,
    userId: bot.id,
    type: 'text',
    payload: { text: 'answer' },
    tags: {},
  })
  const outgoing = {
    conversation,
    user: { id: bot.id, tags: {} },
    message,
    type: message.type,
    payload: message.payload,
  }
  console.log(
    `${ROUNDS} rounds of ${MESSAGES} messages, ${CONCURRENCY} at a time` +
      (baseline ? `, alternating baseline (${baseline}) and current` : ''),
  )
  let next = 1
  const results = new Map(variants.map((v) => [v.name, [] as number[]]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      const pid = v.driver.sandboxes()[0]?.pid
      if (!pid) throw new Error(`the ${v.name} sandbox is not running`)
      const before = treeSeconds(pid)
      const started = Date.now()
      const end = next + MESSAGES
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < end) {
            const i = next++
            await webhook(v.driver, i)
            await invoke(v.driver, 'message_created', outgoing)
          }
        }),
      )
      const ms = ((treeSeconds(pid) - before) * 1000) / MESSAGES
      results.get(v.name)!.push(ms)
      console.log(
        `round ${round + 1} ${v.name.padEnd(8)}: runner ${ms.toFixed(2)} ms per message, ` +
          `${((MESSAGES * 1000) / (Date.now() - started)).toFixed(0)} messages/s, load ${loadavg()[0]!.toFixed(1)}`,
      )
    }
  }
  // The first round warms the JIT up; the median of the others is the figure.
  for (const [name, all] of results) {
    const rest = all.slice(1).sort((a, b) => a - b)
    const median = rest[Math.floor(rest.length / 2)]
    console.log(`${name}: median ${median?.toFixed(2) ?? '–'} ms per message (rounds 2–${ROUNDS})`)
  }
  if (posted < ROUNDS * MESSAGES * variants.length) throw new Error(`the sink got only ${posted} POSTs`)
  if (prof) {
    // The sandboxed node writes its profile when it exits, which it does on SIGTERM.
    const runners = nodesBelow(process.pid, '--cpu-prof')
    for (const pid of runners) process.kill(pid, 'SIGTERM')
    await waitFor('the runner to exit', () => runners.every((pid) => !existsSync(`/proc/${pid}`)), 30_000)
    console.log(`CPU profile of the runner: ${prof}/*.cpuprofile`)
  }
} finally {
  for (const v of variants) await v.driver.close()
  sink.close()
  await h.close()
  await rm(outDir, { recursive: true, force: true })
}
