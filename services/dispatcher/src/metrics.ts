import type { JsMsg } from '@nats-io/jetstream'
import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import type { Logger } from '@switchboard/logging'
import { subjectOwner } from '@switchboard/nats'
import type { SandboxEvent, SandboxDriver } from '@switchboard/sandbox'
import { Counter, Gauge, Histogram, oncePerScrape, type Registry } from '@switchboard/telemetry'
import { reportedCost } from './invoke/invoker.js'

/**
 * The dispatcher's metric names, in one place so dashboards and alerts can rely on them. Labels are
 * bounded: consumer, operation, outcome, and installation ids (bot ids on the bot consumer), never a
 * message or conversation id.
 */
export const METRIC_NAMES = {
  handlerCalls: 'switchboard_dispatcher_handler_calls_total',
  handlerSeconds: 'switchboard_dispatcher_handler_duration_seconds',
  deliveries: 'switchboard_dispatcher_deliveries_total',
  endToEndSeconds: 'switchboard_dispatcher_end_to_end_seconds',
  deadLetters: 'switchboard_dispatcher_dead_letters_total',
  retries: 'switchboard_dispatcher_retries_total',
  consumerPending: 'switchboard_dispatcher_consumer_pending',
  consumerAckPending: 'switchboard_dispatcher_consumer_ack_pending',
  streamMessages: 'switchboard_nats_stream_messages',
  streamBytes: 'switchboard_nats_stream_bytes',
  sandboxStarts: 'switchboard_dispatcher_sandbox_starts_total',
  sandboxCalls: 'switchboard_dispatcher_sandbox_calls_total',
  sandboxCrashes: 'switchboard_dispatcher_sandbox_crashes_total',
  sandboxMemory: 'switchboard_dispatcher_sandbox_memory_bytes',
  sandboxUp: 'switchboard_dispatcher_sandboxes',
  actionCalls: 'switchboard_dispatcher_action_calls_total',
  actionCost: 'switchboard_dispatcher_action_cost_total',
} as const

/** How one JetStream delivery ended: what the consume loop told JetStream. */
export type DeliveryOutcome = 'ack' | 'nak' | 'term'

/** One delivery's outcome, as the stream consumer reports it through `onOutcome`. */
export interface DeliveryReport {
  durable: string
  msg: JsMsg
  outcome: DeliveryOutcome
}

/** The durable consumers whose lag is read from JetStream at each scrape. */
export interface WatchedConsumer {
  stream: string
  durable: string
}

/** What the dispatcher records; each method is one line at its call site. */
export interface DispatcherMetrics {
  /** An integration or bot handler call ended (the Invoker's `onCall`). */
  handlerCall(call: { installationId: string; operation: string; started: number; error?: Error }): void
  /** A JetStream delivery ended (the stream consumer's `onOutcome`). */
  delivery(report: DeliveryReport): void
  /** A `callAction` request ended, with the cost the handler set (`meta.cost`), if any. */
  action(installationId: string, action: string, status: number, body?: string): void
  /** Receives the sandbox driver's lifecycle events. */
  sandbox(event: SandboxEvent): void
}

/**
 * Registers the dispatcher's metrics on `registry`. Consumer lag and stream sizes are read from
 * JetStream (consumer and stream info) when Prometheus scrapes; sandbox memory from the driver.
 */
export function createDispatcherMetrics(opts: {
  registry: Registry
  nc: NatsConnection
  consumers: WatchedConsumer[]
  streams: string[]
  driver: SandboxDriver
  logger: Logger
}): DispatcherMetrics {
  const registers = [opts.registry]
  const handlerCalls = new Counter({
    name: METRIC_NAMES.handlerCalls,
    help: 'Handler calls by operation, installation and outcome (ok, failed)',
    labelNames: ['operation', 'installation', 'outcome'],
    registers,
  })
  const handlerSeconds = new Histogram({
    name: METRIC_NAMES.handlerSeconds,
    help: 'Duration of handler calls, by operation and installation',
    labelNames: ['operation', 'installation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  })
  const deliveries = new Counter({
    name: METRIC_NAMES.deliveries,
    help: 'JetStream deliveries by consumer, installation (bot id on the bot consumer) and outcome (ack, nak, term)',
    labelNames: ['consumer', 'installation', 'outcome'],
    registers,
  })
  const endToEnd = new Histogram({
    name: METRIC_NAMES.endToEndSeconds,
    help: 'Seconds from a message entering its stream to its ack, by consumer',
    labelNames: ['consumer'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  })
  const deadLetters = new Counter({
    name: METRIC_NAMES.deadLetters,
    help: 'Messages dead-lettered to SB_DEAD, by consumer and installation',
    labelNames: ['consumer', 'installation'],
    registers,
  })
  const retries = new Counter({
    name: METRIC_NAMES.retries,
    help: 'Deliveries that failed and will be retried (nak), by consumer and installation',
    labelNames: ['consumer', 'installation'],
    registers,
  })
  // Lag and stream sizes, read from JetStream once per scrape for all four gauges.
  const jsm = jetstreamManager(opts.nc)
  const readInfo = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read()
    } catch (err) {
      opts.logger.warn({ err, what }, 'could not read JetStream info for metrics')
      return undefined
    }
  }
  type Row = { labels: Record<string, string>; value: number }
  const jetStream = oncePerScrape(async () => {
    const m = await jsm
    const pending: Row[] = []
    const ackPending: Row[] = []
    const messages: Row[] = []
    const bytes: Row[] = []
    for (const c of opts.consumers) {
      const info = await readInfo(c.durable, () => m.consumers.info(c.stream, c.durable))
      const labels = { consumer: c.durable, stream: c.stream }
      if (info) pending.push({ labels, value: info.num_pending })
      if (info) ackPending.push({ labels, value: info.num_ack_pending })
    }
    for (const stream of opts.streams) {
      const info = await readInfo(stream, () => m.streams.info(stream))
      if (info) messages.push({ labels: { stream }, value: info.state.messages })
      if (info) bytes.push({ labels: { stream }, value: info.state.bytes })
    }
    return { pending, ackPending, messages, bytes }
  })
  const gauges = [
    [
      METRIC_NAMES.consumerPending,
      'Messages not yet delivered to the durable consumer (its lag), read from JetStream',
      'pending',
    ],
    [
      METRIC_NAMES.consumerAckPending,
      'Messages delivered to the durable consumer and not yet acknowledged, read from JetStream',
      'ackPending',
    ],
    [
      METRIC_NAMES.streamMessages,
      'Messages held in each JetStream stream (SB_DEAD: the dead-letter queue)',
      'messages',
    ],
    [METRIC_NAMES.streamBytes, 'Bytes held in each JetStream stream', 'bytes'],
  ] as const
  for (const [name, help, key] of gauges) {
    new Gauge({
      name,
      help,
      labelNames: key === 'messages' || key === 'bytes' ? ['stream'] : ['consumer', 'stream'],
      registers,
      async collect() {
        for (const row of (await jetStream())[key]) this.set(row.labels, row.value)
      },
    })
  }
  const sandboxStarts = new Counter({
    name: METRIC_NAMES.sandboxStarts,
    help: 'Sandbox processes started, by sandbox (integration or bot id) and reason (first, restart after a crash, replaced by a new version)',
    labelNames: ['sandbox', 'reason'],
    registers,
  })
  const sandboxCalls = new Counter({
    name: METRIC_NAMES.sandboxCalls,
    help: 'Calls into sandboxes by sandbox and start (cold: the call waited for a process to start; warm: it found one running)',
    labelNames: ['sandbox', 'start'],
    registers,
  })
  const sandboxCrashes = new Counter({
    name: METRIC_NAMES.sandboxCrashes,
    help: 'Sandbox processes that exited unexpectedly or failed to start, by sandbox',
    labelNames: ['sandbox'],
    registers,
  })
  // Both sandbox gauges from one listing per scrape (it reads each sandbox's /proc for its memory).
  const sandboxes = oncePerScrape(async () => opts.driver.sandboxes?.() ?? [])
  new Gauge({
    name: METRIC_NAMES.sandboxMemory,
    help: 'Resident memory of each running sandbox (its whole process tree), in bytes',
    labelNames: ['sandbox'],
    registers,
    async collect() {
      this.reset()
      for (const s of await sandboxes())
        if (s.rssBytes !== undefined) this.set({ sandbox: s.key }, s.rssBytes)
    },
  })
  new Gauge({
    name: METRIC_NAMES.sandboxUp,
    help: 'Running sandbox processes, by sandbox',
    labelNames: ['sandbox'],
    registers,
    async collect() {
      this.reset()
      for (const s of await sandboxes()) this.set({ sandbox: s.key }, s.running ? 1 : 0)
    },
  })
  const actionCalls = new Counter({
    name: METRIC_NAMES.actionCalls,
    help: 'callAction requests by installation, action and status class (2xx, 4xx, 5xx)',
    labelNames: ['installation', 'action', 'status'],
    registers,
  })
  const actionCost = new Counter({
    name: METRIC_NAMES.actionCost,
    help: 'Sum of the costs action handlers reported with setCost, by installation and action',
    labelNames: ['installation', 'action'],
    registers,
  })

  // The labelled series of each consumer and installation (and operation), looked up once: a label
  // set is hashed on every inc/observe otherwise, for every message.
  const deliverySeries = new Map<
    string,
    {
      outcomes: Record<DeliveryOutcome, { inc(): void }>
      retries: { inc(): void }
      deadLetters: { inc(): void }
      endToEnd: { observe(v: number): void }
    }
  >()
  const seriesOf = (durable: string, installation: string) => {
    const key = `${durable} ${installation}`
    let series = deliverySeries.get(key)
    if (!series) {
      const labels = { consumer: durable, installation }
      series = {
        outcomes: {
          ack: deliveries.labels({ ...labels, outcome: 'ack' }),
          nak: deliveries.labels({ ...labels, outcome: 'nak' }),
          term: deliveries.labels({ ...labels, outcome: 'term' }),
        },
        retries: retries.labels(labels),
        deadLetters: deadLetters.labels(labels),
        endToEnd: endToEnd.labels({ consumer: durable }),
      }
      // Zero series, so `increase()` sees the first retry or dead letter of an installation.
      retries.inc(labels, 0)
      deadLetters.inc(labels, 0)
      deliverySeries.set(key, series)
    }
    return series
  }
  const callSeries = new Map<
    string,
    { ok: { inc(): void }; failed: { inc(): void }; seconds: { observe(v: number): void } }
  >()
  return {
    handlerCall(call) {
      const key = `${call.operation} ${call.installationId}`
      let series = callSeries.get(key)
      if (!series) {
        const labels = { operation: call.operation, installation: call.installationId }
        series = {
          ok: handlerCalls.labels({ ...labels, outcome: 'ok' }),
          failed: handlerCalls.labels({ ...labels, outcome: 'failed' }),
          seconds: handlerSeconds.labels(labels),
        }
        callSeries.set(key, series)
      }
      ;(call.error ? series.failed : series.ok).inc()
      series.seconds.observe((Date.now() - call.started) / 1000)
    },
    delivery({ durable, msg, outcome }) {
      const series = seriesOf(durable, subjectOwner(msg.subject))
      series.outcomes[outcome].inc()
      if (outcome === 'nak') series.retries.inc()
      else if (outcome === 'term') series.deadLetters.inc()
      else series.endToEnd.observe(Math.max(0, Date.now() - Number(msg.info.timestampNanos) / 1e6) / 1000)
    },
    action(installationId, action, status, body) {
      const labels = { installation: installationId, action }
      actionCalls.inc({ ...labels, status: `${Math.floor(status / 100)}xx` })
      const cost = body?.includes('"cost"') ? reportedCost('action_triggered', body) : undefined
      if (cost !== undefined && cost > 0) actionCost.inc(labels, cost)
    },
    sandbox(event) {
      if (event.kind === 'started') sandboxStarts.inc({ sandbox: event.key, reason: event.reason })
      else if (event.kind === 'crashed') sandboxCrashes.inc({ sandbox: event.key })
      else sandboxCalls.inc({ sandbox: event.key, start: event.cold ? 'cold' : 'warm' })
    },
  }
}
