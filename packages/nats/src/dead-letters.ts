import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { headers, type NatsConnection } from '@nats-io/nats-core'
import type { NatsNames } from './names.js'

/** What SB_DEAD holds for each message given up on: enough to understand and replay it. */
export interface DeadLetter {
  stream: string
  subject: string
  seq: number
  deliveryCount: number
  reason: string
  headers: Record<string, string>
  dataBase64: string
  deadAt: string
}

/** A dead letter with its sequence number in SB_DEAD (what a replay takes). */
export type ListedDeadLetter = DeadLetter & { deadSeq: number }

/** Set on a replayed message: the SB_DEAD sequence it came from. */
export const REPLAYED_FROM_HEADER = 'Sb-Replayed-From'

/**
 * Headers a replay must not carry: JetStream's own, and the sequence-gate headers of releases before
 * partitioning (docs/adr/0005), which mean nothing now.
 */
const DROPPED_HEADERS = new Set(['nats-msg-id', 'sb-order-key', 'sb-seq'])

/** There is no dead letter with that sequence (never was, or replayed already). */
export class DeadLetterNotFoundError extends Error {
  override name = 'DeadLetterNotFoundError'
}

async function deadStream(
  nc: NatsConnection,
  names: NatsNames,
): Promise<{ jsm: JetStreamManager; stream: string; first: number; last: number; count: number }> {
  const jsm = await jetstreamManager(nc)
  const stream = names.streams.dead
  try {
    const { state } = await jsm.streams.info(stream)
    return { jsm, stream, first: state.first_seq, last: state.last_seq, count: state.messages }
  } catch (err) {
    if (/not found/i.test((err as Error).message)) return { jsm, stream, first: 1, last: 0, count: 0 }
    throw err
  }
}

async function read(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
): Promise<ListedDeadLetter | undefined> {
  const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null)
  if (!m) return undefined
  return { ...m.json<DeadLetter>(), deadSeq: m.seq }
}

/** Every dead letter in SB_DEAD, oldest first. */
export async function listDeadLetters(nc: NatsConnection, names: NatsNames): Promise<ListedDeadLetter[]> {
  const { jsm, stream, first, last, count } = await deadStream(nc, names)
  const out: ListedDeadLetter[] = []
  for (let seq = first; seq <= last && out.length < count; seq++) {
    const dl = await read(jsm, stream, seq)
    if (dl) out.push(dl)
  }
  return out
}

/**
 * Puts a dead letter back: its original bytes and headers are published to its original subject (or
 * that subject's partitioned form, for a letter from before partitioning), so it lands in its stream
 * again and is delivered afresh behind its conversation's later notices; then the dead letter is
 * deleted. It is published once even if the replay is repeated or dies half-way (`Nats-Msg-Id` = the
 * dead letter's sequence, inside the stream's duplicate window). Throws DeadLetterNotFoundError for an
 * unknown sequence.
 */
export async function replayDeadLetter(
  nc: NatsConnection,
  names: NatsNames,
  deadSeq: number,
): Promise<ListedDeadLetter> {
  const { jsm, stream } = await deadStream(nc, names)
  const dl = await read(jsm, stream, deadSeq)
  if (!dl) throw new DeadLetterNotFoundError(`no dead letter ${deadSeq} in ${stream}`)
  const h = headers()
  for (const [k, v] of Object.entries(dl.headers)) {
    if (!DROPPED_HEADERS.has(k.toLowerCase()) && !/^nats-expected-/i.test(k)) h.set(k, v)
  }
  h.set(REPLAYED_FROM_HEADER, String(deadSeq))
  await jetstream(nc).publish(names.subjects.current(dl.subject), Buffer.from(dl.dataBase64, 'base64'), {
    headers: h,
    msgID: `replay:${stream}:${deadSeq}`,
  })
  await jsm.streams.deleteMessage(stream, deadSeq)
  return dl
}
