/**
 * One chaos run against a running platform (a `ChaosTarget`): the example integration installed in an
 * endpoint bot that answers every message with createMessage, a sink for the answers, a steady
 * webhook load, `kill -9` of chosen parts during it, then the counts once they settle. `npm run
 * chaos` runs it on the four services in processes of their own; the CI test on a smaller platform.
 */
import { startSink, type ExampleHost, type Sink } from '@switchboard/dispatcher/testing'
import { jetstreamManager, type NatsConnection, type NatsNames } from '@switchboard/nats'
import { startEchoLoop } from '../loop/echo-loop.js'
import { loadText, sendLoad, type SentWebhook } from './load.js'
import { countChaos, type ChaosReport, type StoredRow } from './report.js'

/** What a run kills: a service, or one of the dispatcher's runner processes. */
export type Victim = 'chat-api' | 'secrets' | 'ingress' | 'dispatcher' | 'runner'

/** The platform a run drives, however it was started. */
export interface ChaosTarget {
  /** Admin APIs and the Runtime API URL, minus the example's build (the run builds it). */
  host: Omit<ExampleHost, 'example'>
  ingressUrl: string
  nats: { nc: NatsConnection; names: NatsNames }
  /** A query on chat-api's schema. */
  query<R>(sql: string, params: unknown[]): Promise<R[]>
  /** `kill -9` of the victim; resolves with a note (e.g. the pid). */
  kill(victim: Victim): Promise<string | undefined>
  /** Starts a killed service again and resolves once it is ready. */
  restart(victim: Victim): Promise<void>
}

/** The shape of a run. */
export interface ChaosOptions {
  webhooks: number
  ratePerSecond: number
  conversations: number
  /** Killed in this order, spread evenly over the load. */
  kill: Victim[]
  /** How long after a kill the service is started again. */
  restartAfterMs: number
  /** How long to wait for the counts to settle after the load. */
  settleTimeoutMs: number
  /** The sink to use (one the platform's sandboxes may reach); default: one started here. */
  sink?: Sink
  log?: (line: string) => void
}

/** One kill as it happened. */
export interface KillRecord {
  victim: Victim
  atMs: number
  /** When it answered /readyz again (runners come back on the next call). */
  readyAtMs?: number
  note?: string
}

/** A run's outcome. */
export interface ChaosResult {
  report: ChaosReport
  kills: KillRecord[]
  loadSeconds: number
  settleSeconds: number
  /** Why the first few dead letters died. */
  deadReasons: string[]
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the load and the kills against `target` and returns the counts. */
export async function runChaos(target: ChaosTarget, o: ChaosOptions, buildDir: string): Promise<ChaosResult> {
  const log = o.log ?? (() => undefined)
  log('building the example integration…')
  const sink = o.sink ?? (await startSink())
  const loop = await startEchoLoop(target.host, target.ingressUrl, sink, buildDir, { botName: 'chaos-bot' })
  const endpoint = loop.endpoint
  try {
    const url = loop.url
    const loadMs = (o.webhooks / o.ratePerSecond) * 1000
    const started = Date.now()
    const kills: KillRecord[] = []
    // Each victim at its own moment, spread over the load; a restart does not delay the next kill.
    const killing = Promise.all(
      o.kill.map(async (victim, k) => {
        await sleep(started + ((k + 1) * loadMs) / (o.kill.length + 1) - Date.now())
        const record: KillRecord = { victim, atMs: Date.now() - started }
        kills.push(record)
        record.note = await target.kill(victim)
        log(
          `${(record.atMs / 1000).toFixed(1)} s: kill -9 ${victim}${record.note ? ` (${record.note})` : ''}`,
        )
        if (victim === 'runner') return // the dispatcher starts it again on the next call
        await sleep(o.restartAfterMs)
        await target.restart(victim)
        record.readyAtMs = Date.now() - started
        log(`${(record.readyAtMs / 1000).toFixed(1)} s: ${victim} ready again`)
      }),
    )
    log(`sending ${o.webhooks} webhooks at ${o.ratePerSecond}/s over ${o.conversations} conversations…`)
    const sent: SentWebhook[] = await sendLoad({
      url,
      total: o.webhooks,
      ratePerSecond: o.ratePerSecond,
      conversations: o.conversations,
    })
    await killing
    const loadSeconds = (Date.now() - started) / 1000

    const loadTexts = new Set(Array.from({ length: o.webhooks }, (_, i) => loadText(i)))
    const isLoad = (t: string) => loadTexts.has(t)
    const answered = () =>
      new Set(sink.received.map((b) => String(b.text).replace(/^re: /, '')).filter(isLoad)).size
    const settleStart = Date.now()
    log('waiting for the counts to settle…')
    while (answered() < o.webhooks && Date.now() - settleStart < o.settleTimeoutMs) await sleep(500)
    log(`${answered()} of ${o.webhooks} answers at the sink; sending one marker per conversation…`)
    // Then one marker per conversation: it comes after anything still on its way in its conversation.
    const markers = Array.from({ length: o.conversations }, (_, c) => `marker-${c}`)
    await Promise.all(
      markers.map((text, c) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-delivery-id': text },
          body: JSON.stringify({ conversationId: `c-${c}`, userId: `u-c-${c}`, text }),
        }),
      ),
    )
    const markerDeadline = Date.now() + 60_000
    const markersIn = () => markers.every((m) => sink.received.some((b) => b.text === `re: ${m}`))
    while (!markersIn() && Date.now() < markerDeadline) await sleep(250)
    if (!markersIn()) log('not every marker reached the sink within 60 s')
    const settleSeconds = (Date.now() - settleStart) / 1000

    const rows = async (direction: string) =>
      (
        await target.query<{ id: string; conversation_id: string; text: string; created_at: Date }>(
          `SELECT id, conversation_id, payload->>'text' AS text, created_at FROM messages WHERE direction = $1`,
          [direction],
        )
      ).map((r): StoredRow => ({
        id: r.id,
        conversationId: r.conversation_id,
        text: r.text,
        createdAt: r.created_at.getTime(),
      }))
    const jsm = await jetstreamManager(target.nats.nc)
    const dead = await jsm.streams.info(target.nats.names.streams.dead).catch(() => null)
    const deadReasons: string[] = []
    for (
      let seq = dead?.state.first_seq ?? 1;
      dead && seq <= dead.state.last_seq && deadReasons.length < 5;
      seq++
    ) {
      const letter = await jsm.streams.getMessage(target.nats.names.streams.dead, { seq }).catch(() => null)
      if (letter) deadReasons.push(letter.json<{ reason: string }>().reason.slice(0, 300))
    }
    const report = countChaos({
      total: o.webhooks,
      accepted: sent.filter((w) => w.status > 0).length,
      incoming: await rows('incoming'),
      outgoing: await rows('outgoing'),
      bot: endpoint.received,
      sink: sink.received,
      deadLetters: dead?.state.messages ?? 0,
      isLoad,
    })
    return { report, kills, loadSeconds, settleSeconds, deadReasons }
  } finally {
    await loop.close()
    if (!o.sink) await sink.close()
  }
}
