import type { DeliveryInfo, JsMsg, PullOptions } from '@nats-io/jetstream'
import { nanos, type Msg, type MsgHdrs } from '@nats-io/nats-core'

const ACK = '+ACK'
const WPI = '+WPI'
const TERM = '+TERM'

/**
 * The delivery info in a JetStream message's reply subject: `$JS.ACK.<stream>.<consumer>.<delivered>.
 * <stream seq>.<consumer seq>.<timestamp ns>.<pending>`, or with `<domain>.<account hash>` after
 * `$JS.ACK` and a random token at the end (newer servers). Undefined when the
 * subject is not one.
 */
export function deliveryInfoOf(reply: string): DeliveryInfo | undefined {
  const t = reply.split('.')
  if (t.length === 9) t.splice(2, 0, '_', '')
  if (t.length < 11 || t[0] !== '$JS' || t[1] !== 'ACK') return undefined
  const deliveryCount = Number(t[6])
  return {
    domain: t[2] === '_' ? '' : t[2]!,
    account_hash: t[3],
    stream: t[4]!,
    consumer: t[5]!,
    deliveryCount,
    redelivered: deliveryCount > 1,
    streamSequence: Number(t[7]),
    deliverySequence: Number(t[8]),
    timestampNanos: Number(t[9]),
    pending: Number(t[10]),
  }
}

/**
 * A JetStream message this dispatcher pulled itself (`SlotPuller`), with the `JsMsg` interface the
 * handlers know. Its outcome is sent once: after an ack, nak or term, further ones are ignored (as
 * the library's); `working()` may be sent any number of times before.
 */
export class PulledMessage implements JsMsg {
  private done = false

  constructor(
    private readonly msg: Msg,
    readonly info: DeliveryInfo,
  ) {}

  get subject(): string {
    return this.msg.subject
  }
  get sid(): number {
    return this.msg.sid
  }
  get data(): Uint8Array {
    return this.msg.data
  }
  get headers(): MsgHdrs | undefined {
    return this.msg.headers
  }
  get reply(): string {
    return this.msg.reply ?? ''
  }
  get seq(): number {
    return this.info.streamSequence
  }
  get redelivered(): boolean {
    return this.info.deliveryCount > 1
  }
  get timestampNanos(): bigint {
    const t = this.reply.split('.')
    return BigInt(t[t.length === 9 ? 7 : 9] ?? 0)
  }
  get time(): Date {
    return new Date(Number(this.timestampNanos / 1_000_000n))
  }
  get timestamp(): string {
    return this.time.toISOString()
  }

  private end(payload: string, reply?: string): void {
    if (this.done) return
    this.done = true
    this.msg.respond(payload, reply ? { reply } : undefined)
  }

  ack(): void {
    this.end(ACK)
  }
  /**
   * Acknowledges and, in the same protocol message (`+NXT`), asks for the consumer's next messages,
   * delivered to `inbox`: the pull the next message needs, at no extra round trip.
   */
  ackNext(inbox: string, request: string): void {
    this.end(`+NXT ${request}`, inbox)
  }
  nak(millis?: number): void {
    this.end(millis ? `-NAK ${JSON.stringify({ delay: nanos(millis) })}` : '-NAK')
  }
  working(): void {
    if (!this.done) this.msg.respond(WPI)
  }
  /** A bare `+TERM` whatever `reason` is: servers before 2.10 ignore `+TERM <reason>` (docs/adr/0005). */
  term(_reason?: string): void {
    this.end(TERM)
  }
  next(subj: string, opts: Partial<PullOptions> = {}): void {
    const request: Record<string, unknown> = { batch: opts.batch ?? 1 }
    if (opts.expires) request.expires = nanos(opts.expires)
    this.ackNext(subj, JSON.stringify(request))
  }
  async ackAck(): Promise<boolean> {
    // Only the consume loop ends messages, with ack or ack-next; a confirmed ack is not offered.
    throw new Error('ackAck is not supported on pulled messages')
  }
  json<T>(): T {
    return this.msg.json<T>()
  }
  string(): string {
    return this.msg.string()
  }
}
