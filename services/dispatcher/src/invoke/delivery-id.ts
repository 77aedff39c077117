import { createHash } from 'node:crypto'
import type { JsMsg } from '@nats-io/jetstream'

/**
 * The delivery id of a message (the `x-bp-delivery-id` header of the invocation it causes;
 * docs/adr/0006-effects-once.md): the same on every redelivery, so a handler re-run after a crash
 * writes nothing twice and a receiver can drop a repeat. It is the stream and the message's
 * `Nats-Msg-Id` (an outbox row's id, or the webhook's idempotency key: stable even past the duplicate
 * window) or, without one, its stream sequence.
 */
export function deliveryIdOf(msg: JsMsg): string {
  const msgId = msg.headers?.get('Nats-Msg-Id')
  const id = msgId ? `${msg.info.stream}:${msgId}` : `${msg.info.stream}#${msg.seq}`
  return /^[\x21-\x7e]{1,200}$/.test(id)
    ? id
    : `${msg.info.stream}~${createHash('sha256').update(id).digest('hex')}`
}
