import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { InvalidInputError } from '@switchboard/errors'
import { createLogger } from '@switchboard/logging'
import { ensureStreams, partitionOf } from '@switchboard/nats'
import { createTestNats, metricValue, waitFor, type TestNats } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { METRIC_NAMES } from '../metrics.js'
import { testDispatcherMetrics } from '../testing/metrics.js'
import { StreamConsumer } from './stream-consumer.js'

/**
 * What the dispatcher's delivery metrics say when a message is to be dead-lettered: a dead letter, once
 * it is recorded on SB_DEAD; a retry when recording it failed (the message is nak'ed and comes back).
 */
const logger = createLogger({ service: 'test', level: 'silent' })
let nats: TestNats
const consumers: StreamConsumer[] = []
beforeAll(async () => {
  nats = await createTestNats()
  await ensureStreams(nats.nc, nats.names)
})
afterAll(async () => {
  for (const c of consumers) await c.stop()
  await nats?.cleanup()
})

/**
 * Publishes one poison message (its handler refuses it: not retryable) for `conversation` and runs a
 * consumer of its partition that reports outcomes to the real dispatcher metrics, until `until`.
 */
async function poison(
  durable: string,
  conversation: string,
  deadSubject: string,
  until: (handled: number) => Promise<boolean> | boolean,
) {
  const { names } = nats
  const { registry, metrics } = testDispatcherMetrics(nats.nc)
  let handled = 0
  const consumer = new StreamConsumer({
    nc: nats.nc,
    logger,
    stream: names.streams.bot,
    durable,
    filterSubject: names.subjects.partition.bot(partitionOf(conversation)),
    maxAckPending: 1,
    concurrency: 1,
    deadSubject,
    retry: { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10 },
    ackWaitMs: 2000,
    handle: async () => {
      handled++
      throw new InvalidInputError('poison')
    },
    onOutcome: (outcome, msg) => metrics.delivery({ durable, msg, outcome }),
  })
  consumers.push(consumer)
  await consumer.start()
  const ack = await jetstream(nats.nc).publish(names.subjects.bot('bot_dl', conversation), 'poison')
  await waitFor('the consumer got as far as the test needs', async () => until(handled))
  await consumer.stop()
  const text = await registry.metrics()
  const series = { consumer: durable, installation: 'bot_dl' }
  return {
    seq: ack.seq,
    handled,
    deadLetters: metricValue(text, METRIC_NAMES.deadLetters, series),
    retries: metricValue(text, METRIC_NAMES.retries, series),
    terms: metricValue(text, METRIC_NAMES.deliveries, { ...series, outcome: 'term' }) ?? 0,
    naks: metricValue(text, METRIC_NAMES.deliveries, { ...series, outcome: 'nak' }) ?? 0,
  }
}

/** Two conversations in different partitions (a work-queue stream refuses overlapping consumers). */
const [convA, convB] = (() => {
  const ids = ['conv_a', 'conv_b', 'conv_c', 'conv_d', 'conv_e']
  const a = ids[0]!
  return [a, ids.find((c) => partitionOf(c) !== partitionOf(a))!]
})()

it('a poison message whose dead letter is recorded counts as one dead letter and no retry', async () => {
  const { names } = nats
  const jsm = await jetstreamManager(nats.nc)
  const r = await poison('dl-recorded', convA, names.subjects.dead(names.streams.bot), async () => {
    return (await jsm.streams.info(names.streams.dead)).state.messages === 1
  })
  expect(r).toMatchObject({ handled: 1, deadLetters: 1, terms: 1, retries: 0, naks: 0 })
})

it('when the dead letter cannot be published the message is retried, and counted as a retry, not a dead letter', async () => {
  const { names } = nats
  // No stream captures this subject: the JetStream publish of the dead letter fails (no responders).
  const nowhere = `${nats.prefix}.nowhere.dead`
  const r = await poison('dl-refused', convB, nowhere, (handled) => handled >= 3)
  expect(r.handled).toBeGreaterThanOrEqual(3)
  expect(r).toMatchObject({ deadLetters: 0, terms: 0, retries: r.handled, naks: r.handled })
  // Nothing lost: the message is still in its stream, to be dead-lettered once that works.
  const jsm = await jetstreamManager(nats.nc)
  expect((await jsm.streams.getMessage(names.streams.bot, { seq: r.seq }))?.string()).toBe('poison')
})
