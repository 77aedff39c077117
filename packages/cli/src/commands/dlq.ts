import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { headers, type NatsConnection } from '@nats-io/nats-core'
import type { DeadLetter } from '@switchboard/dispatcher'
import type { NatsNames } from '@switchboard/nats'
import { CliError } from '../cli/errors.js'
import { table } from '../cli/table.js'

/** A dead letter with its sequence number in SB_DEAD (what `dlq replay` takes). */
export type ListedDeadLetter = DeadLetter & { deadSeq: number }

/** What the `dlq` commands need. */
export interface DlqDeps {
  nc: NatsConnection
  names: NatsNames
  out: (text: string) => void
}

/**
 * Headers a replay must not carry: JetStream's own, and the sequence-gate headers of releases before
 * partitioning (docs/adr/0005), which mean nothing now.
 */
const DROPPED_HEADERS = new Set(['nats-msg-id', 'sb-order-key', 'sb-seq'])
/** Set on a replayed message: the SB_DEAD sequence it came from. */
export const REPLAYED_FROM_HEADER = 'Sb-Replayed-From'

async function manager(
  d: DlqDeps,
): Promise<{ jsm: JetStreamManager; stream: string; first: number; last: number; count: number }> {
  const jsm = await jetstreamManager(d.nc)
  const stream = d.names.streams.dead
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

/** Every dead letter, oldest first. */
export async function listDeadLetters(d: DlqDeps): Promise<ListedDeadLetter[]> {
  const { jsm, stream, first, last, count } = await manager(d)
  const out: ListedDeadLetter[] = []
  for (let seq = first; seq <= last && out.length < count; seq++) {
    const dl = await read(jsm, stream, seq)
    if (dl) out.push(dl)
  }
  return out
}

/** `switchboard dlq list [-o json]`. */
export async function dlqList(output: 'table' | 'json', d: DlqDeps): Promise<void> {
  const letters = await listDeadLetters(d)
  if (output === 'json') {
    d.out(JSON.stringify(letters, null, 2))
    return
  }
  if (!letters.length) {
    d.out('No dead letters.')
    return
  }
  d.out(
    table(
      ['SEQ', 'STREAM', 'SUBJECT', 'DELIVERIES', 'DEAD AT', 'REASON'],
      letters.map((l) => [
        String(l.deadSeq),
        l.stream,
        l.subject,
        String(l.deliveryCount),
        l.deadAt,
        l.reason.length > 80 ? `${l.reason.slice(0, 77)}...` : l.reason,
      ]),
    ),
  )
}

/**
 * Puts a dead letter back: its original bytes and headers are published to its original subject (or
 * that subject's partitioned form, for a letter from before partitioning), so it lands in its stream
 * again and is delivered afresh behind its conversation's later notices; then the dead letter is
 * deleted. It is published once even if the command is repeated or dies half-way (`Nats-Msg-Id` =
 * the dead letter's sequence, inside the stream's duplicate window).
 */
export async function replay(deadSeq: number, d: DlqDeps): Promise<DeadLetter> {
  const { jsm, stream } = await manager(d)
  const dl = await read(jsm, stream, deadSeq)
  if (!dl) throw new CliError(`no dead letter ${deadSeq} in ${stream} (see \`switchboard dlq list\`)`)
  const h = headers()
  for (const [k, v] of Object.entries(dl.headers)) {
    if (!DROPPED_HEADERS.has(k.toLowerCase()) && !/^nats-expected-/i.test(k)) h.set(k, v)
  }
  h.set(REPLAYED_FROM_HEADER, String(deadSeq))
  try {
    await jetstream(d.nc).publish(
      d.names.subjects.current(dl.subject),
      Buffer.from(dl.dataBase64, 'base64'),
      {
        headers: h,
        msgID: `replay:${stream}:${deadSeq}`,
      },
    )
  } catch (err) {
    throw new CliError(
      `could not publish dead letter ${deadSeq} to ${dl.subject}: ${(err as Error).message}`,
      1,
      { cause: err },
    )
  }
  await jsm.streams.deleteMessage(stream, deadSeq)
  return dl
}

/** `switchboard dlq replay <seq>|--all`. */
export async function dlqReplay(which: number | 'all', d: DlqDeps): Promise<number> {
  const seqs = which === 'all' ? (await listDeadLetters(d)).map((l) => l.deadSeq) : [which]
  if (!seqs.length) d.out('No dead letters.')
  for (const seq of seqs) {
    const dl = await replay(seq, d)
    d.out(
      `replayed ${seq}: ${dl.subject} (from ${dl.stream} seq ${dl.seq}, died: ${dl.reason.split('\n')[0]})`,
    )
  }
  return seqs.length
}
