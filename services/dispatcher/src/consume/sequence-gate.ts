import { Kvm, type KV } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import { UnavailableError } from '@switchboard/errors'

/** Options of the gate. */
export interface SequenceGateOptions {
  /** How often a waiting notice checks whether its predecessor is done. */
  pollMs?: number
  /** How long a notice waits for its predecessor before giving the slot back (nak). */
  maxWaitMs?: number
}

/**
 * Delivers each conversation's notices in order across any number of dispatchers. chat-api numbers a
 * conversation's notices on a stream (1, 2, 3, …); a JetStream key-value bucket holds, per
 * conversation, the last number delivered — or given up on and dead-lettered, so one poison message
 * does not block the conversation forever. Notice `n` is handled only once `n - 1` is recorded;
 * records are compare-and-set, so two dispatchers never both advance a conversation.
 */
export class SequenceGate {
  private constructor(
    private readonly kv: KV,
    private readonly pollMs: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Opens (creating if needed) the bucket holding the positions. */
  static async open(
    nc: NatsConnection,
    bucket: string,
    opts: SequenceGateOptions = {},
  ): Promise<SequenceGate> {
    const kv = await new Kvm(nc).create(bucket, { history: 1 })
    return new SequenceGate(kv, opts.pollMs ?? 25, opts.maxWaitMs ?? 30_000)
  }

  private async last(key: string): Promise<{ seq: number; revision: number }> {
    const e = await this.kv.get(key)
    if (!e || e.operation !== 'PUT') return { seq: 0, revision: 0 }
    return { seq: Number(e.string()) || 0, revision: e.revision }
  }

  /**
   * Waits until `seq` is the next notice of `key`: resolves 'next' when it may be handled, 'done' when
   * it already was (a redelivery). `keepAlive` is called while waiting (to extend the ack deadline).
   * Throws UnavailableError when the predecessor does not complete within the wait limit.
   */
  async wait(key: string, seq: number, keepAlive: () => void): Promise<'next' | 'done'> {
    const deadline = Date.now() + this.maxWaitMs
    let lastKeepAlive = Date.now()
    for (;;) {
      const { seq: last } = await this.last(key)
      if (seq <= last) return 'done'
      if (seq === last + 1) return 'next'
      if (Date.now() > deadline)
        throw new UnavailableError(`notice ${seq} of ${key} is still waiting for notice ${last + 1}`)
      if (Date.now() - lastKeepAlive > 5000) {
        keepAlive()
        lastKeepAlive = Date.now()
      }
      await new Promise((r) => setTimeout(r, this.pollMs))
    }
  }

  /** Records that `seq` of `key` is finished (delivered or given up), unless a later one already is. */
  async advance(key: string, seq: number): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { seq: last, revision } = await this.last(key)
      if (last >= seq) return
      try {
        if (revision === 0) await this.kv.create(key, String(seq))
        else await this.kv.update(key, String(seq), revision)
        return
      } catch {
        // Lost a compare-and-set race: read again.
      }
    }
    throw new UnavailableError(`could not record notice ${seq} of ${key} as delivered`)
  }
}
