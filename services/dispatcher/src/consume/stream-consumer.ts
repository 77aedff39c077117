import { AckPolicy, DeliverPolicy, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import { nanos, type NatsConnection } from '@nats-io/nats-core'
import type { Logger } from '@switchboard/logging'
import { context, extractTraceContext, SpanStatusCode, trace } from '@switchboard/telemetry'
import { deadLetter } from './dead-letter.js'
import { dispositionFor, type Disposition, type RetryPolicy } from './disposition.js'
import type { PulledMessage } from './pulled-message.js'
import { SlotPuller } from './slot-puller.js'

const tracer = trace.getTracer('switchboard-dispatcher')

/** Options of one durable consumer. */
export interface StreamConsumerOptions {
  nc: NatsConnection
  logger: Logger
  stream: string
  durable: string
  /** Only the stream's messages on these subjects (one partition); default: all of them. */
  filterSubject?: string
  /**
   * How many of the consumer's messages may be out and unacknowledged at once, across every
   * dispatcher (the server enforces it). 1 makes the consumer strictly ordered: the next message is
   * handed out only once the current one is acked or termed; a nak'ed one keeps its place.
   */
  maxAckPending?: number
  /** Where dead letters go (`names.subjects.dead(stream)`). */
  deadSubject: string
  retry: RetryPolicy
  /**
   * How long JetStream waits for an outcome before handing the message out again. While a message is
   * being handled the consumer tells the server it is still working, so this is the time a crashed
   * dispatcher's message waits, not a bound on handling time.
   */
  ackWaitMs: number
  /** Messages this process handles at once (1 for an ordered consumer). */
  concurrency: number
  /** Handles one message; throwing decides the outcome through `dispositionFor`. */
  handle: (msg: JsMsg) => Promise<void>
  /**
   * Told how each handled message ended (metrics): what JetStream was told, so a dead letter that
   * could not be recorded (the message is nak'ed and comes back) is a nak, not a term.
   */
  onOutcome?: (outcome: 'ack' | 'nak' | 'term', msg: JsMsg) => void
  /** Tests' override of the pull requests' idle heartbeat (`SlotPuller`). */
  pullHeartbeatMs?: number
}

/**
 * A durable pull consumer on one stream (or one partition of it). It is the only place that calls
 * ack / nak / term: each message ends in exactly one of them, chosen by `dispositionFor`, and
 * terminated messages are recorded on SB_DEAD with their error and original content.
 */
export class StreamConsumer {
  private stopped = false
  private puller: SlotPuller | undefined
  /** Messages that arrived while every slot was busy (only after a lost pull request was asked again). */
  private readonly queue: Array<{ msg: PulledMessage; keepAlive: NodeJS.Timeout }> = []
  private readonly inFlight = new Set<Promise<void>>()

  constructor(private readonly opts: StreamConsumerOptions) {}

  /** Creates or updates the durable consumer and starts pulling. */
  async start(): Promise<void> {
    await this.ensureConsumer()
    this.puller = new SlotPuller({
      nc: this.opts.nc,
      logger: this.opts.logger,
      stream: this.opts.stream,
      durable: this.opts.durable,
      slots: this.opts.concurrency,
      heartbeatMs: this.opts.pullHeartbeatMs,
      onMessage: (msg) => this.arrived(msg),
      recreate: () => this.ensureConsumer(),
    })
    this.puller.start()
  }

  /** Stops pulling and waits for messages being handled. */
  async stop(): Promise<void> {
    this.stopped = true
    this.puller?.stop()
    // Messages not started come back after ack_wait, in order.
    for (const { keepAlive } of this.queue.splice(0)) clearInterval(keepAlive)
    await Promise.allSettled([...this.inFlight])
  }

  /** The durable's configuration, created or updated on the server (also when the server lost it). */
  private async ensureConsumer(): Promise<void> {
    const { nc, stream, durable, ackWaitMs } = this.opts
    const jsm = await jetstreamManager(nc)
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // Unlimited: the server never drops a message silently after N deliveries; we decide when to
      // give up (dispositionFor), and a message always ends acked or dead-lettered. (A delivery cut
      // short by a crash counts as an attempt.)
      max_deliver: -1,
      ack_wait: nanos(ackWaitMs),
      ...(this.opts.filterSubject ? { filter_subject: this.opts.filterSubject } : {}),
      ...(this.opts.maxAckPending ? { max_ack_pending: this.opts.maxAckPending } : {}),
    }
    try {
      await jsm.consumers.add(stream, config)
    } catch {
      await jsm.consumers.update(stream, durable, config)
    }
  }

  private arrived(msg: PulledMessage): void {
    if (this.stopped) return
    // Tell the server we hold it from the moment it arrives, also while it waits for a slot.
    const keepAlive = setInterval(() => msg.working(), Math.max(250, this.opts.ackWaitMs / 3))
    this.queue.push({ msg, keepAlive })
    this.next()
  }

  /** Starts queued messages while a slot is free, in arrival order. */
  private next(): void {
    while (this.inFlight.size < this.opts.concurrency && this.queue.length) {
      const { msg, keepAlive } = this.queue.shift()!
      const p = this.process(msg)
        .catch((err: unknown) =>
          this.opts.logger.error({ err, durable: this.opts.durable }, 'consume loop failed'),
        )
        .finally(() => {
          clearInterval(keepAlive)
          this.inFlight.delete(p)
          this.next()
        })
      this.inFlight.add(p)
    }
  }

  /** Runs the handler in the trace context the producer put in the message headers, under one span. */
  private handleInTrace(msg: JsMsg): Promise<unknown> {
    const parent = extractTraceContext({ get: (k) => msg.headers?.get(k) || undefined })
    return context.with(parent, () =>
      tracer.startActiveSpan(`dispatcher.${this.opts.durable}`, async (span) => {
        span.setAttributes({
          'messaging.destination.name': msg.subject,
          'messaging.message.delivery_count': msg.info.deliveryCount,
        })
        try {
          await this.opts.handle(msg)
          return undefined
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message?.slice(0, 200) })
          return err
        } finally {
          span.end()
        }
      }),
    )
  }

  private async process(msg: PulledMessage): Promise<void> {
    const { logger, retry } = this.opts
    const deliveryCount = msg.info.deliveryCount
    const error = await this.handleInTrace(msg)
    const d = dispositionFor(error, deliveryCount, retry)
    const ctx = { stream: this.opts.stream, subject: msg.subject, seq: msg.seq, deliveryCount }
    if (d.kind === 'nak')
      logger.warn({ ...ctx, err: error, retryInMs: d.delayMs }, 'handling failed; will retry')
    if (d.kind === 'term') {
      // Record first, then term: a crash in between redelivers rather than loses the message (the
      // dead letter is published once per stream sequence).
      try {
        await deadLetter(this.opts.nc, this.opts.deadSubject, msg, this.opts.stream, d.reason)
      } catch (err) {
        logger.error({ ...ctx, err, reason: d.reason }, 'could not record the dead letter; will try again')
        this.settle(msg, { kind: 'nak', delayMs: retry.backoffMaxMs })
        return
      }
      logger.error({ ...ctx, err: error, reason: d.reason }, 'message dead-lettered')
    }
    this.settle(msg, d)
  }

  /** Tells JetStream how `msg` ends, then reports that outcome: the one that happened. */
  private settle(msg: PulledMessage, outcome: Disposition): void {
    const puller = this.puller!
    if (outcome.kind === 'ack') puller.ack(msg)
    else if (outcome.kind === 'nak') puller.nak(msg, outcome.delayMs)
    // A bare `+TERM`: servers before 2.10 ignore `+TERM <reason>` and redeliver the message after
    // ack_wait. The reason is in the dead letter.
    else puller.term(msg)
    this.opts.onOutcome?.(outcome.kind, msg)
  }
}
