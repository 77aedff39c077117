import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import { nanos, type NatsConnection } from '@nats-io/nats-core'
import type { Logger } from '@switchboard/logging'
import { context, extractTraceContext, SpanStatusCode, trace } from '@switchboard/telemetry'
import { deadLetter } from './dead-letter.js'
import { dispositionFor, type RetryPolicy } from './disposition.js'

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
}

/**
 * A durable pull consumer on one stream (or one partition of it). It is the only place that calls
 * ack / nak / term: each message ends in exactly one of them, chosen by `dispositionFor`, and
 * terminated messages are recorded on SB_DEAD with their error and original content.
 */
export class StreamConsumer {
  private stopped = false
  private loop: Promise<void> | undefined
  private messages: { stop(): void; close(): Promise<void | Error> } | undefined
  private readonly inFlight = new Set<Promise<void>>()

  constructor(private readonly opts: StreamConsumerOptions) {}

  /** Creates or updates the durable consumer and starts pulling. */
  async start(): Promise<void> {
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
    const consumer = await jetstream(nc).consumers.get(stream, durable)
    const messages = await consumer.consume({ max_messages: this.opts.concurrency })
    this.messages = messages
    this.loop = (async () => {
      for await (const msg of messages) {
        if (this.stopped) break
        // Tell the server we hold it from the moment it arrives, also while it waits for a slot.
        const keepAlive = setInterval(() => msg.working(), Math.max(250, ackWaitMs / 3))
        while (this.inFlight.size >= this.opts.concurrency) await Promise.race(this.inFlight)
        const p = this.process(msg).finally(() => {
          clearInterval(keepAlive)
          this.inFlight.delete(p)
        })
        this.inFlight.add(p)
      }
    })()
  }

  /** Stops pulling and waits for messages being handled. */
  async stop(): Promise<void> {
    this.stopped = true
    this.messages?.stop()
    await this.loop?.catch(() => undefined)
    await Promise.allSettled([...this.inFlight])
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

  private async process(msg: JsMsg): Promise<void> {
    const { logger, retry } = this.opts
    const deliveryCount = msg.info.deliveryCount
    const error = await this.handleInTrace(msg)
    const d = dispositionFor(error, deliveryCount, retry)
    const ctx = { stream: this.opts.stream, subject: msg.subject, seq: msg.seq, deliveryCount }
    switch (d.kind) {
      case 'ack':
        msg.ack()
        return
      case 'nak':
        logger.warn({ ...ctx, err: error, retryInMs: d.delayMs }, 'handling failed; will retry')
        msg.nak(d.delayMs)
        return
      case 'term':
        logger.error({ ...ctx, err: error, reason: d.reason }, 'message dead-lettered')
        // Record first, then term: a crash in between redelivers rather than loses the message (the
        // dead letter is published once per stream sequence).
        try {
          await deadLetter(this.opts.nc, this.opts.deadSubject, msg, this.opts.stream, d.reason)
        } catch (err) {
          logger.error({ ...ctx, err }, 'could not record the dead letter; will try again')
          msg.nak(retry.backoffMaxMs)
          return
        }
        // A bare `+TERM`: servers before 2.10 ignore `+TERM <reason>` and redeliver the message after
        // ack_wait. The reason is in the dead letter.
        msg.term()
    }
  }
}
