import { jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { ALL_PARTITIONS } from '@switchboard/nats'
import type { Logger } from '@switchboard/logging'
import { StreamConsumer, type StreamConsumerOptions } from './stream-consumer.js'

/** One ordered stream, as `orderedConsumers` needs it named. */
export interface OrderedStream {
  stream: string
  /** The consumer filter of partition p (`names.subjects.partition.bot(p)`). */
  filter(p: number): string
  /** The durable of partition p (`names.consumers.dispatcherBot(p)`). */
  durable(p: number): string
  /** Subjects of releases before partitioning, their unfiltered durable, and the drain's durable. */
  legacy: { filter: string; durable: string; drainDurable: string }
}

/** What every consumer of the stream shares. */
export type OrderedConsumerOptions = Omit<
  StreamConsumerOptions,
  'stream' | 'durable' | 'filterSubject' | 'maxAckPending' | 'concurrency'
> & { nc: NatsConnection; logger: Logger; handle: (msg: JsMsg) => Promise<void> }

/**
 * The consumers of one ordered stream (SB_BOT or SB_OUTGOING; docs/adr/0005): one durable per
 * partition, each with `max_ack_pending: 1`, so JetStream hands out a partition's next message only
 * once the current one is acked or termed — across any number of dispatchers, and after a crash (the
 * message comes back after ack_wait, still first). A conversation lives in one partition, so its
 * notices are handled one at a time in stream order; partitions proceed independently.
 *
 * A server upgraded from a release before partitioning may hold the old unfiltered durable (it
 * would overlap the partitions on a work-queue stream: deleted) and messages on the old subjects:
 * while there are any, one more ordered consumer drains them.
 */
export async function orderedConsumers(
  s: OrderedStream,
  opts: OrderedConsumerOptions,
): Promise<StreamConsumer[]> {
  const jsm = await jetstreamManager(opts.nc)
  const legacy = await jsm.consumers.info(s.stream, s.legacy.durable).catch(() => undefined)
  if (legacy && !legacy.config.filter_subject) {
    opts.logger.info({ stream: s.stream, durable: s.legacy.durable }, 'deleting the pre-partition consumer')
    await jsm.consumers.delete(s.stream, s.legacy.durable).catch(() => undefined)
  }
  const consumer = (durable: string, filterSubject: string) =>
    new StreamConsumer({
      ...opts,
      stream: s.stream,
      durable,
      filterSubject,
      maxAckPending: 1,
      concurrency: 1,
    })
  const consumers = ALL_PARTITIONS.map((p) => consumer(s.durable(p), s.filter(p)))
  const info = await jsm.streams.info(s.stream, { subjects_filter: s.legacy.filter })
  if (Object.keys(info.state.subjects ?? {}).length) {
    opts.logger.warn({ stream: s.stream }, 'draining messages published before partitioning')
    consumers.push(consumer(s.legacy.drainDurable, s.legacy.filter))
  } else {
    const drain = await jsm.consumers.info(s.stream, s.legacy.drainDurable).catch(() => undefined)
    if (drain && !drain.num_pending && !drain.num_ack_pending)
      await jsm.consumers.delete(s.stream, s.legacy.drainDurable).catch(() => undefined)
  }
  return consumers
}
