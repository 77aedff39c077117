import { createInbox, nanos, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core'
import type { Logger } from '@switchboard/logging'
import { deliveryInfoOf, PulledMessage } from './pulled-message.js'

/** How long one pull request waits at the server for a message before it expires (and is renewed). */
const PULL_EXPIRES_MS = 30_000
/** The server says a waiting request is alive this often (its idle heartbeat): half the expiry. */
const PULL_HEARTBEAT_MS = PULL_EXPIRES_MS / 2
/** The pause before pulling again after the server refused a request (409, no consumer). */
const RETRY_PAUSE_MS = 1000

/** Settings of one puller. */
export interface SlotPullerOptions {
  nc: NatsConnection
  logger: Logger
  stream: string
  durable: string
  /** Messages held at once: pull requests of one message each are kept open for the free slots. */
  slots: number
  /** Receives each message; it must end in `ack`, `nak` or `term` of this puller. */
  onMessage: (msg: PulledMessage) => void
  /** Creates the durable again, when the server says it does not have it (deleted, or lost in a restart). */
  recreate: () => Promise<void>
  /** Tests' override of the heartbeat (the expiry is twice it). */
  heartbeatMs?: number
}

/**
 * Pulls a durable consumer's messages with one open request of one message per free slot, and asks
 * for the next message in the protocol message that acknowledges the last (`+NXT`, JetStream's
 * ack-next): one write to the server per message instead of an ack and a separate pull request, and
 * a request of one message, which is all a `max_ack_pending: 1` consumer may ask for on nats-server
 * 2.9 (it refuses larger batches with 409). Requests expire and are renewed; a request that seems
 * lost (no message, heartbeat or status from the server for two heartbeats, or a reconnect) is
 * asked again, after silence with the durable created again in case the server lost it. Asking twice is harmless: the server's `max_ack_pending` bounds what it hands out, and
 * extra messages wait in the consumer's queue with their ack deadline extended.
 */
export class SlotPuller {
  private readonly inbox = createInbox()
  private readonly subject: string
  private readonly request: string
  private readonly heartbeatMs: number
  private sub: Subscription | undefined
  private status: AsyncIterable<unknown> | undefined
  private watchdog: NodeJS.Timeout | undefined
  /** Requests open at the server, as far as this puller knows. */
  private waiting = 0
  /** Messages handed to `onMessage` and not ended yet. */
  private held = 0
  private lastHeard = Date.now()
  private pausing = false
  private stopped = false

  constructor(private readonly opts: SlotPullerOptions) {
    this.subject = `$JS.API.CONSUMER.MSG.NEXT.${opts.stream}.${opts.durable}`
    this.heartbeatMs = opts.heartbeatMs ?? PULL_HEARTBEAT_MS
    this.request = JSON.stringify({
      batch: 1,
      expires: nanos(2 * this.heartbeatMs),
      idle_heartbeat: nanos(this.heartbeatMs),
    })
  }

  /** Subscribes to the inbox and opens a request per slot. */
  start(): void {
    this.sub = this.opts.nc.subscribe(this.inbox, { callback: (err, m) => this.receive(err, m) })
    this.watchdog = setInterval(() => {
      // Silence: the request was lost, or the server no longer has the consumer (nats-server 2.9
      // answers nothing at all to a pull for a missing consumer, so a request sent after a deletion
      // that no 409 announced waits forever). Creating the durable again is idempotent.
      if (this.waiting > 0 && Date.now() - this.lastHeard > 2 * this.heartbeatMs + 1000) {
        this.pauseThenPull(0, 'no message, heartbeat or status for two heartbeats', true)
      }
    }, this.heartbeatMs)
    this.watchdog.unref()
    const status = this.opts.nc.status()
    this.status = status
    void (async () => {
      for await (const s of status) if ((s as { type: string }).type === 'reconnect') this.askAgain()
    })().catch(() => undefined)
    this.topUp()
  }

  /** Acknowledges `msg` and, while running, asks for the next message in the same protocol message. */
  ack(msg: PulledMessage): void {
    this.held--
    if (!this.stopped && !this.pausing && this.held + this.waiting < this.opts.slots) {
      this.waiting++
      msg.ackNext(this.inbox, this.request)
    } else msg.ack()
  }

  /** Gives `msg` back for redelivery after `delayMs` (it keeps its place), and pulls on. */
  nak(msg: PulledMessage, delayMs: number): void {
    this.held--
    msg.nak(delayMs)
    this.topUp()
  }

  /** Ends `msg` for good (bare `+TERM`), and pulls on. */
  term(msg: PulledMessage): void {
    this.held--
    msg.term()
    this.topUp()
  }

  /** Stops asking; messages held may still be ended (plain acks). Open requests expire at the server. */
  stop(): void {
    this.stopped = true
    clearInterval(this.watchdog)
    ;(this.status as { stop?: () => void } | undefined)?.stop?.()
    this.sub?.unsubscribe()
  }

  private receive(err: Error | null, m: Msg): void {
    if (err) {
      this.opts.logger.error({ err, durable: this.opts.durable }, 'pull subscription failed')
      return
    }
    this.lastHeard = Date.now()
    const info = m.reply ? deliveryInfoOf(m.reply) : undefined
    if (info) {
      this.waiting = Math.max(0, this.waiting - 1)
      this.held++
      this.opts.onMessage(new PulledMessage(m, info))
      return
    }
    const code = m.headers?.code ?? 0
    if (code === 100) return // idle heartbeat: the request is alive
    // The request ended without a message: expired (408), or refused.
    this.waiting = Math.max(0, this.waiting - 1)
    if (code === 408 || code === 404) {
      this.topUp()
      return
    }
    const description = m.headers?.description ?? ''
    const missing = code === 503 || /consumer deleted|consumer not found/i.test(description)
    this.pauseThenPull(code, description, missing)
  }

  /** Requests may have been lost (a reconnect, silence): open them again for every free slot. */
  private askAgain(): void {
    this.waiting = 0
    this.lastHeard = Date.now()
    this.topUp()
  }

  private pauseThenPull(code: number, description: string, missing: boolean): void {
    if (this.pausing || this.stopped) return
    this.pausing = true
    this.opts.logger.warn(
      { durable: this.opts.durable, code, description },
      'pull request refused or unanswered; pulling again shortly',
    )
    setTimeout(() => {
      void (async () => {
        if (missing && !this.stopped) {
          await this.opts
            .recreate()
            .catch((err: unknown) =>
              this.opts.logger.error(
                { err, durable: this.opts.durable },
                'could not create the consumer again',
              ),
            )
        }
        this.pausing = false
        this.askAgain()
      })()
    }, RETRY_PAUSE_MS).unref()
  }

  private topUp(): void {
    if (this.stopped || this.pausing) return
    const wanted = this.opts.slots - this.held - this.waiting
    if (wanted <= 0) return
    try {
      for (let i = 0; i < wanted; i++) this.opts.nc.publish(this.subject, this.request, { reply: this.inbox })
      this.waiting += wanted
    } catch (err) {
      // A closed connection: nothing more to pull.
      this.opts.logger.warn({ err, durable: this.opts.durable }, 'could not send a pull request')
    }
  }
}
