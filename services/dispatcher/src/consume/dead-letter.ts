import { jetstream, type JsMsg } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import type { DeadLetter } from '@switchboard/nats'

export type { DeadLetter } from '@switchboard/nats'

/** Publishes a dead letter for `msg` (idempotent per stream sequence). */
export async function deadLetter(
  nc: NatsConnection,
  subject: string,
  msg: JsMsg,
  stream: string,
  reason: string,
): Promise<void> {
  const headers: Record<string, string> = {}
  for (const [k, v] of msg.headers ?? []) headers[k] = v.join(', ')
  const record: DeadLetter = {
    stream,
    subject: msg.subject,
    seq: msg.seq,
    deliveryCount: msg.info.deliveryCount,
    reason,
    headers,
    dataBase64: Buffer.from(msg.data).toString('base64'),
    deadAt: new Date().toISOString(),
  }
  await jetstream(nc).publish(subject, JSON.stringify(record), { msgID: `dead:${stream}:${msg.seq}` })
}
