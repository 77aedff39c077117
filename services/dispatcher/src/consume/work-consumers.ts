import type { JsMsg } from '@nats-io/jetstream'
import type { NatsNames } from '@switchboard/nats'
import { orderedConsumers } from './ordered-consumers.js'
import { StreamConsumer, type StreamConsumerOptions } from './stream-consumer.js'

/** What every work-stream consumer shares. */
export type WorkConsumerCommon = Pick<StreamConsumerOptions, 'nc' | 'logger' | 'retry' | 'ackWaitMs'>

/** The handler of each work stream, and where outcomes are reported. */
export interface WorkHandlers {
  webhook: (msg: JsMsg) => Promise<void>
  outgoing: (msg: JsMsg) => Promise<void>
  bot: (msg: JsMsg) => Promise<void>
  /** Told each outcome under its stream's logical consumer name (one per stream, not per partition). */
  onOutcome?: (durable: string, outcome: 'ack' | 'nak' | 'term', msg: JsMsg) => void
}

/**
 * The dispatcher's consumers of the three work streams (not started): SB_WEBHOOKS, whose messages
 * carry no conversation, handled `webhookConcurrency` at a time (what they create is ordered by
 * chat-api's outbox and the partitioned streams); SB_OUTGOING and SB_BOT, one ordered consumer per
 * partition, so each conversation's notices run in order across dispatchers (docs/adr/0005).
 */
export async function workConsumers(
  names: NatsNames,
  common: WorkConsumerCommon,
  webhookConcurrency: number,
  h: WorkHandlers,
): Promise<StreamConsumer[]> {
  const legacy = names.consumers.legacy
  const report = (durable: string) =>
    h.onOutcome && ((outcome: 'ack' | 'nak' | 'term', msg: JsMsg) => h.onOutcome!(durable, outcome, msg))
  return [
    new StreamConsumer({
      ...common,
      stream: names.streams.webhooks,
      durable: names.consumers.dispatcherWebhooks,
      onOutcome: report(names.consumers.dispatcherWebhooks),
      deadSubject: names.subjects.dead(names.streams.webhooks),
      concurrency: webhookConcurrency,
      handle: h.webhook,
    }),
    ...(await orderedConsumers(
      {
        stream: names.streams.outgoing,
        filter: names.subjects.partition.outgoing,
        durable: names.consumers.dispatcherOutgoing,
        legacy: {
          filter: names.subjects.legacy.outgoing,
          durable: legacy.outgoing,
          drainDurable: legacy.outgoingDrain,
        },
      },
      {
        ...common,
        // Outcomes are counted per stream (legacy.outgoing is its logical name), not per partition.
        onOutcome: report(legacy.outgoing),
        deadSubject: names.subjects.dead(names.streams.outgoing),
        handle: h.outgoing,
      },
    )),
    ...(await orderedConsumers(
      {
        stream: names.streams.bot,
        filter: names.subjects.partition.bot,
        durable: names.consumers.dispatcherBot,
        legacy: { filter: names.subjects.legacy.bot, durable: legacy.bot, drainDurable: legacy.botDrain },
      },
      {
        ...common,
        onOutcome: report(legacy.bot),
        deadSubject: names.subjects.dead(names.streams.bot),
        handle: h.bot,
      },
    )),
  ]
}
