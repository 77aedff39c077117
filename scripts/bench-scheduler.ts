/**
 * Scheduler figures (docs/adr/0008-scheduling.md): N events scheduled through the Runtime API to fall
 * due at the same instant, with one or two chat-api replicas scheduling from one database. Prints how
 * late the first and the last were announced on SB_BOT after their due time, the drain rate, and
 * that each was announced exactly once. Real chat-api, Postgres and NATS; not a test.
 *
 *   npx tsx scripts/bench-scheduler.ts            # SCHED_N=2000 SCHED_REPLICAS=2
 */
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { jetstreamManager } from '@switchboard/nats'
import { chatApiEnv, startChatApi, type ChatApi } from '@switchboard/chat-api'
import { harnessEnv, startHarness } from '@switchboard/chat-api/testing'

const N = Number(process.env.SCHED_N ?? 2000)
const REPLICAS = Number(process.env.SCHED_REPLICAS ?? 2)
const AHEAD_MS = Number(process.env.SCHED_AHEAD_MS ?? 8000)

const h = await startHarness({ SCHEDULER_POLL_MS: '1000' })
const extra: ChatApi[] = []
try {
  for (let i = 1; i < REPLICAS; i++) {
    extra.push(
      await startChatApi(
        loadConfig(chatApiEnv, harnessEnv(h.db, h.nats, { SCHEDULER_POLL_MS: '1000' })),
        createLogger({ service: `chat-api-${i}`, level: 'silent' }),
      ),
    )
  }
  const bot = await h.createBot('bench-scheduler')
  const dueAt = Date.now() + AHEAD_MS
  const dateTime = new Date(dueAt).toISOString()
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, N - i) }, (_, j) =>
        bot.client.createEvent({ type: 'bench', payload: { i: i + j }, schedule: { dateTime } }),
      ),
    )
  }
  if (Date.now() > dueAt)
    console.log(`warning: scheduling took longer than ${AHEAD_MS} ms; raise SCHED_AHEAD_MS`)

  // Watch the stream: when each notice arrived (the stream's own timestamp).
  const jsm = await jetstreamManager(h.nats.nc)
  const stream = h.nats.names.streams.bot
  for (;;) {
    const info = await jsm.streams.info(stream).catch(() => null)
    if ((info?.state.messages ?? 0) >= N) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const info = await jsm.streams.info(stream)
  const times: number[] = []
  const ids = new Set<string>()
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq })
    if (!m) continue
    times.push(m.timestamp ? Date.parse(m.timestamp) : m.time.getTime())
    ids.add((m.json() as { event: { id: string } }).event.id)
  }
  times.sort((a, b) => a - b)
  const first = times[0]! - dueAt
  const last = times[times.length - 1]! - dueAt
  console.log(
    `scheduler: ${N} events due at once, ${REPLICAS} chat-api replica(s): first announced +${first} ms, ` +
      `last +${last} ms after due, ${Math.round((N * 1000) / Math.max(1, last - first))} events/s; ` +
      `${ids.size} distinct of ${times.length} announced (exactly once: ${ids.size === N && times.length === N})`,
  )
} finally {
  for (const api of extra) await api.stop()
  await h.close()
}
