import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import { nanos, type NatsConnection } from '@nats-io/nats-core'
import type { Logger } from '@switchboard/logging'
import { context, extractTraceContext, SpanStatusCode, trace } from '@switchboard/telemetry'
import { ORDER_HEADERS } from '@switchboard/nats'
import { deadLetter } from './dead-letter.js'
import { dispositionFor, type RetryPolicy } from './disposition.js'
import { KeyedSerialQueue } from './keyed-queue.js'
import type { SequenceGate } from './sequence-gate.js'

const tracer = trace.getTracer('switchboard-dispatcher')

/** Options of one durable consumer. */
export interface StreamConsumerOptions {
  nc: NatsConnection
  logger: Logger
  stream: string
  durable: string
  /** Where dead letters go (`names.subjects.dead(stream)`). */
  deadSubject: string
  retry: RetryPolicy
  /** How long JetStream waits for an ack before redelivering; longer than the slowest handling. */
  ackWaitMs: number
  concurrency: number
  /** Messages with the same key are handled one at a time, in stream order (default: the subject). */
  orderKey?: (msg: JsMsg) => string
  /**
   * Orders notices that carry `Sb-Order-Key`/`Sb-Seq` across dispatchers (see SequenceGate). Others
   * are ordered per `orderKey` within this process only.
   */
  gate?: SequenceGate
  /** Handles one message; throwing decides the outcome through `dispositionFor`. */
  handle: (msg: JsMsg) => Promise<void>
  /** Told how each handled message ends (metrics). */
  onOutcome?: (outcome: 'ack' | 'nak' | 'term', msg: JsMsg) => void
}

/**
 * A durable pull consumer on one stream. It is the only place that calls ack / nak / term: each
 * handled message ends in exactly one of them, chosen by `dispositionFor`, and terminated messages are
 * recorded on SB_DEAD with their error and original content.
 */
export class StreamConsumer {
  private stopped = false
  private loop: Promise<void> | undefined
  private messages: { stop(): void; close(): Promise<void | Error> } | undefined
  private readonly inFlight = new Set<Promise<void>>()
  private readonly queue = new KeyedSerialQueue()

  constructor(private readonly opts: StreamConsumerOptions) {}

  /** Creates or updates the durable consumer and starts pulling. */
  async start(): Promise<void> {
    const { nc, stream, durable, retry, ackWaitMs } = this.opts
    const jsm = await jetstreamManager(nc)
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // One more than our attempts, so our own term (with a dead letter) always comes first.
      max_deliver: retry.maxAttempts + 1,
      ack_wait: nanos(ackWaitMs),
    }
    try {
      await jsm.consumers.add(stream, config)
    } catch {
      await jsm.consumers.update(stream, durable, config)
    }
    const consumer = await jetstream(nc).consumers.get(stream, durable)
    const messages = await consumer.consume({ max_messages: this.opts.concurrency * 2 })
    this.messages = messages
    this.loop = (async () => {
      for await (const msg of messages) {
        if (this.stopped) break
        while (this.inFlight.size >= this.opts.concurrency) await Promise.race(this.inFlight)
        // Sequenced notices are ordered by the gate; queueing them here could deadlock behind a later one.
        const key =
          this.opts.gate && sequenceOf(msg) ? `seq:${msg.seq}` : (this.opts.orderKey?.(msg) ?? msg.subject)
        const p = this.queue.run(key, () => this.process(msg)).finally(() => this.inFlight.delete(p))
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
    const order = this.opts.gate ? sequenceOf(msg) : undefined
    if (order) {
      let position: 'next' | 'done'
      try {
        position = await this.opts.gate!.wait(`${this.opts.stream}.${order.key}`, order.seq, () =>
          msg.working(),
        )
      } catch (err) {
        logger.warn({ subject: msg.subject, ...order, err }, 'notice waited too long for its predecessor')
        msg.nak(retry.backoffBaseMs)
        return
      }
      if (position === 'done') {
        msg.ack()
        return
      }
    }
    const error = await this.handleInTrace(msg)
    const deliveryCount = msg.info.deliveryCount
    const d = dispositionFor(error, deliveryCount, retry)
    const ctx = { stream: this.opts.stream, subject: msg.subject, seq: msg.seq, deliveryCount }
    this.opts.onOutcome?.(d.kind, msg)
    switch (d.kind) {
      case 'ack':
        if (order) await this.advance(order, msg)
        msg.ack()
        return
      case 'nak':
        logger.warn({ ...ctx, err: error, retryInMs: d.delayMs }, 'handling failed; will retry')
        msg.nak(d.delayMs)
        return
      case 'term':
        logger.error({ ...ctx, err: error, reason: d.reason }, 'message dead-lettered')
        // Record first, then term: a crash in between redelivers rather than loses the message.
        await deadLetter(this.opts.nc, this.opts.deadSubject, msg, this.opts.stream, d.reason).catch((err) =>
          logger.error({ ...ctx, err }, 'could not record the dead letter'),
        )
        if (order) await this.advance(order, msg)
        msg.term(d.reason.slice(0, 200))
    }
  }

  /** Lets the conversation's next notice through; on failure the message is redelivered and found done. */
  private async advance(order: { key: string; seq: number }, msg: JsMsg): Promise<void> {
    await this.opts
      .gate!.advance(`${this.opts.stream}.${order.key}`, order.seq)
      .catch((err) =>
        this.opts.logger.error({ subject: msg.subject, ...order, err }, 'could not record delivery order'),
      )
  }
}

/** The conversation and position a notice carries in its order headers, if any. */
function sequenceOf(msg: JsMsg): { key: string; seq: number } | undefined {
  const key = msg.headers?.get(ORDER_HEADERS.key)
  const seq = Number(msg.headers?.get(ORDER_HEADERS.seq))
  return key && Number.isInteger(seq) && seq > 0 ? { key, seq } : undefined
}
