import { randomBytes } from 'node:crypto'
import { PayloadTooLargeError, UnavailableError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { headers, type MsgHdrs, type NatsConnection } from '@switchboard/nats'

type Subscription = ReturnType<NatsConnection['subscribe']>
type Msg = Parameters<NonNullable<NonNullable<Parameters<NatsConnection['subscribe']>[1]>['callback']>>[1]

/** The JetStream header that makes the stream drop a repeated message within its duplicate window. */
const MSG_ID_HEADER = 'Nats-Msg-Id'
/** Room kept for NATS headers when checking a message against the server's max_payload. */
const HEADER_ALLOWANCE_BYTES = 4096

/**
 * About the largest webhook body a message of `maxPayload` bytes carries: the envelope holds the body
 * base64-encoded (4 bytes for every 3), beside the request's headers and the NATS headers.
 */
export function largestBodyFitting(maxPayload: number): number {
  return Math.max(0, Math.floor(((maxPayload - HEADER_ALLOWANCE_BYTES) * 3) / 4))
}

const ACK = 97 // 'a'
const REPLY = 114 // 'r'

/**
 * One webhook's round trip through NATS: the JetStream acknowledgement of its publish, then
 * (optionally) the handler's reply. Both arrive on subjects of this process's inbox.
 */
export class Exchange {
  /** Where the handler's `WebhookReply` is to be sent (the `Sb-Reply-To` header). */
  readonly replySubject: string
  readonly ackSubject: string
  onAck: ((err: Error | undefined, duplicate: boolean) => void) | undefined
  onReply: ((data: Uint8Array | undefined) => void) | undefined
  /** A reply that came before anyone waited for it (even before the ack). */
  early: Uint8Array | undefined
  timer: NodeJS.Timeout | undefined

  constructor(
    readonly token: string,
    prefix: string,
  ) {
    this.replySubject = `${prefix}r${token}`
    this.ackSubject = `${prefix}a${token}`
  }
}

/** Options of `WebhookDelivery`. */
export interface WebhookDeliveryOptions {
  logger: Logger
  publishTimeoutMs: number
  /** The configured body limit (BODY_LIMIT_BYTES), compared with what the server's max_payload carries. */
  bodyLimitBytes?: number
  /** Called after a reconnect, when notices (e.g. installation changes) may have been missed. */
  onReconnect?: () => void
}

/**
 * ingress's side of NATS: JetStream publishes, the handlers' replies, and whether NATS is
 * connected right now.
 *
 * One wildcard subscription `_INBOX.<random>.*`, made once at attach (and restored by the client on
 * reconnect), receives both the publish acks (`…a<n>`) and the replies (`…r<n>`), so every request
 * has fresh subjects that are subscribed before anything is published, without a SUB/UNSUB per
 * request. A JetStream publish is a core publish whose reply subject receives the stream's ack;
 * doing that on our own inbox rather than through `js.publish` (a request per message, each with
 * its own timer, promise chain and two Error objects for async stack traces) keeps the hot path lean.
 *
 * While disconnected, nothing is handed to the client (it would buffer it and send it after the
 * caller was told 503): `open` refuses, and acks still outstanding fail at once.
 */
export class WebhookDelivery {
  private nc: NatsConnection | undefined
  private sub: Subscription | undefined
  private readonly prefix = `_INBOX.${randomBytes(11).toString('hex')}.`
  private readonly pending = new Map<string, Exchange>()
  private seq = 0
  private connected = false
  private draining = false

  constructor(private readonly opts: WebhookDeliveryOptions) {}

  /** Starts using `nc` (connected), and follows its connection status. */
  attach(nc: NatsConnection): void {
    this.nc = nc
    this.sub = nc.subscribe(`${this.prefix}*`, {
      callback: (err, msg) => {
        if (!err) this.received(msg)
      },
    })
    this.connected = !nc.isClosed()
    const max = nc.info?.max_payload
    const largest = max === undefined ? undefined : largestBodyFitting(max)
    const limit = this.opts.bodyLimitBytes
    if (largest !== undefined && limit !== undefined && limit > largest) {
      // Info, not a warning: with the defaults (1 MiB both) this is so on every start.
      this.opts.logger.info(
        { bodyLimitBytes: limit, maxPayload: max, largestBody: largest },
        `webhook bodies up to about ${largest} bytes fit in NATS's max_payload once base64-encoded in their envelope; larger ones up to BODY_LIMIT_BYTES get 413`,
      )
    }
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'close') {
          this.connected = false
          if (s.type === 'disconnect') this.opts.logger.warn('disconnected from NATS')
          this.failAcks(new UnavailableError('NATS connection lost before the publish was acknowledged'))
        } else if (s.type === 'reconnect') {
          this.connected = true
          this.opts.logger.info('reconnected to NATS')
          this.opts.onReconnect?.()
        }
      }
    })()
  }

  /** True when a publish can be attempted now. */
  get ready(): boolean {
    return this.connected
  }

  /** Registers a fresh exchange (its subjects are already subscribed); throws when not ready. */
  open(): Exchange {
    if (!this.connected || !this.nc) throw new UnavailableError('NATS is not connected')
    const x = new Exchange((++this.seq).toString(36), this.prefix)
    this.pending.set(x.token, x)
    return x
  }

  /** Fresh NATS headers for one message. */
  newHeaders(): MsgHdrs {
    return headers()
  }

  /**
   * Publishes `data` to JetStream on `subject` and resolves once the stream acknowledged it.
   * `duplicate` is true when the stream already held `msgID` within its duplicate window. Rejects
   * with `UnavailableError` when NATS is disconnected, the stream refuses the message or does not
   * answer within the publish timeout, and with `PayloadTooLargeError` when the message exceeds the
   * server's max_payload. On rejection the exchange is closed.
   */
  publish(
    x: Exchange,
    subject: string,
    data: Buffer,
    hdrs: MsgHdrs,
    msgID: string | undefined,
  ): Promise<{ duplicate: boolean }> {
    const nc = this.nc
    if (!this.connected || !nc) {
      this.close(x)
      return Promise.reject(new UnavailableError('NATS is not connected'))
    }
    const max = nc.info?.max_payload
    if (max !== undefined && data.length + HEADER_ALLOWANCE_BYTES > max) {
      this.close(x)
      return Promise.reject(
        new PayloadTooLargeError(
          `request is larger than the message size NATS accepts: ${data.length} bytes with the body ` +
            `base64-encoded in its envelope, over the server's max_payload of ${max} bytes ` +
            `(bodies up to about ${largestBodyFitting(max)} bytes fit)`,
        ),
      )
    }
    if (msgID) hdrs.set(MSG_ID_HEADER, msgID)
    return new Promise((resolve, reject) => {
      x.onAck = (err, duplicate) => (err ? reject(err) : resolve({ duplicate }))
      try {
        nc.publish(subject, data, { reply: x.ackSubject, headers: hdrs })
      } catch (err) {
        this.close(x, new UnavailableError('could not publish the webhook', { cause: err }))
        return
      }
      x.timer = setTimeout(ackTimedOut, this.opts.publishTimeoutMs, this, x)
    })
  }

  /** Waits up to `timeoutMs` for the reply on `x.replySubject`; `undefined` if none came. Closes `x`. */
  waitReply(x: Exchange, timeoutMs: number): Promise<Uint8Array | undefined> {
    if (x.early) {
      this.close(x)
      return Promise.resolve(x.early)
    }
    if (this.draining) this.close(x)
    if (!this.pending.has(x.token)) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      x.onReply = resolve
      x.timer = setTimeout(replyTimedOut, timeoutMs, this, x)
    })
  }

  /**
   * Ends `x`: a later ack or reply is ignored; a publish still waiting for its ack rejects with
   * `err` (or an `UnavailableError`), and anyone waiting for a reply gets `undefined`.
   */
  close(x: Exchange, err?: Error): void {
    this.pending.delete(x.token)
    if (x.timer) clearTimeout(x.timer)
    x.timer = undefined
    const { onAck, onReply } = x
    x.onAck = undefined
    x.onReply = undefined
    onAck?.(err ?? new UnavailableError('the webhook was abandoned before JetStream acknowledged it'), false)
    onReply?.(undefined)
  }

  /** Fails every outstanding ack with `err` (used when the connection is lost). */
  failAcks(err: Error): void {
    for (const x of [...this.pending.values()]) if (x.onAck) this.close(x, err)
  }

  /**
   * For shutdown: stops waiting for handlers' answers, now and from now on (those callers get their
   * 202 at once: their webhook is stored). Publishes still waiting for their ack are left to finish.
   */
  drain(): void {
    this.draining = true
    for (const x of [...this.pending.values()]) if (!x.onAck) this.close(x)
  }

  /** Unsubscribes and releases every exchange (the connection itself belongs to the caller). */
  shutdown(): void {
    this.connected = false
    for (const x of [...this.pending.values()])
      this.close(x, new UnavailableError('ingress is shutting down'))
    this.sub?.unsubscribe()
  }

  private received(msg: Msg): void {
    const kind = msg.subject.charCodeAt(this.prefix.length)
    const x = this.pending.get(msg.subject.slice(this.prefix.length + 1))
    if (!x) return
    if (kind === ACK) this.acked(x, msg)
    else if (kind === REPLY) {
      if (x.onReply) {
        const onReply = x.onReply
        x.onReply = undefined
        this.close(x)
        onReply(msg.data)
      } else {
        x.early = msg.data
      }
    }
  }

  private acked(x: Exchange, msg: Msg): void {
    const onAck = x.onAck
    if (!onAck) return
    x.onAck = undefined
    clearTimeout(x.timer)
    x.timer = undefined
    let err: Error | undefined
    let duplicate = false
    if (msg.headers?.hasError) {
      // 503 "no responders": no stream listens on the subject (yet).
      err = new UnavailableError(`JetStream did not take the webhook: ${msg.headers.status}`)
    } else {
      try {
        const ack = JSON.parse(
          Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength).toString('utf8'),
        ) as {
          stream?: string
          duplicate?: boolean
          error?: { description?: string }
        }
        if (ack.error || !ack.stream) {
          err = new UnavailableError(
            `JetStream refused the webhook: ${ack.error?.description ?? 'no stream'}`,
          )
        } else {
          duplicate = ack.duplicate === true
        }
      } catch (cause) {
        err = new UnavailableError('JetStream sent an unreadable acknowledgement', { cause })
      }
    }
    if (err) this.close(x)
    onAck(err, duplicate)
  }
}

function ackTimedOut(d: WebhookDelivery, x: Exchange): void {
  d.close(x, new UnavailableError('JetStream did not acknowledge the webhook in time'))
}

function replyTimedOut(d: WebhookDelivery, x: Exchange): void {
  d.close(x)
}
