import type { NatsConnection } from '@nats-io/nats-core'
import {
  DeadLetterNotFoundError,
  listDeadLetters as listAll,
  replayDeadLetter,
  type DeadLetter,
  type ListedDeadLetter,
  type NatsNames,
} from '@switchboard/nats'
import { CliError } from '../cli/errors.js'
import { table } from '../cli/table.js'

export { REPLAYED_FROM_HEADER, type ListedDeadLetter } from '@switchboard/nats'

/** What the `dlq` commands need. */
export interface DlqDeps {
  nc: NatsConnection
  names: NatsNames
  out: (text: string) => void
}

/** Every dead letter, oldest first. */
export function listDeadLetters(d: DlqDeps): Promise<ListedDeadLetter[]> {
  return listAll(d.nc, d.names)
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

/** Replays one dead letter (see `replayDeadLetter`), with the CLI's errors. */
export async function replay(deadSeq: number, d: DlqDeps): Promise<DeadLetter> {
  try {
    return await replayDeadLetter(d.nc, d.names, deadSeq)
  } catch (err) {
    if (err instanceof DeadLetterNotFoundError)
      throw new CliError(`${err.message} (see \`switchboard dlq list\`)`)
    throw new CliError(`could not replay dead letter ${deadSeq}: ${(err as Error).message}`, 1, {
      cause: err,
    })
  }
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
