import { AckPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import { createLogger } from '@switchboard/logging'
import { ensureStreams, PARTITIONS } from '@switchboard/nats'
import { createTestNats, waitFor, type TestNats } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { orderedConsumers } from './ordered-consumers.js'
import type { StreamConsumer } from './stream-consumer.js'

/**
 * A NATS server that ran a release before partitioning (docs/adr/0005): SB_BOT has the old unfiltered
 * durable, and notices on the old subjects. The new dispatcher must start on it and deliver those.
 */
let nats: TestNats
let consumers: StreamConsumer[] = []
beforeAll(async () => {
  nats = await createTestNats()
  await ensureStreams(nats.nc, nats.names)
})
afterAll(async () => {
  for (const c of consumers) await c.stop()
  await nats?.cleanup()
})

it('starts on a stream of the old layout: deletes the old durable and delivers the old notices in order, then the new ones', async () => {
  const { names } = nats
  const jsm = await jetstreamManager(nats.nc)
  await jsm.consumers.add(names.streams.bot, {
    durable_name: names.consumers.legacy.bot,
    ack_policy: AckPolicy.Explicit,
  })
  const js = jetstream(nats.nc)
  const prefix = `${nats.prefix}.`
  for (const text of ['old-1', 'old-2', 'old-3']) await js.publish(`${prefix}sb.bot.bot_a.conv_a`, text)

  const handled: string[] = []
  consumers = await orderedConsumers(
    {
      stream: names.streams.bot,
      filter: names.subjects.partition.bot,
      durable: names.consumers.dispatcherBot,
      legacy: {
        filter: names.subjects.legacy.bot,
        durable: names.consumers.legacy.bot,
        drainDurable: names.consumers.legacy.botDrain,
      },
    },
    {
      nc: nats.nc,
      logger: createLogger({ service: 'test', level: 'silent' }),
      deadSubject: names.subjects.dead(names.streams.bot),
      retry: { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10 },
      ackWaitMs: 2000,
      handle: async (msg: JsMsg) => void handled.push(msg.string()),
    },
  )
  await Promise.all(consumers.map((c) => c.start()))
  // The partitions plus the drain of the old subjects; the old durable is gone.
  expect(consumers).toHaveLength(PARTITIONS + 1)
  await expect(jsm.consumers.info(names.streams.bot, names.consumers.legacy.bot)).rejects.toThrow()

  await js.publish(names.subjects.bot('bot_a', 'conv_a'), 'new-1')
  await waitFor('every notice handled', () => handled.length >= 4)
  expect(handled.filter((t) => t.startsWith('old'))).toEqual(['old-1', 'old-2', 'old-3'])
  expect(handled).toContain('new-1')
  // A dead letter from the old layout is replayed to its partitioned subject.
  expect(names.subjects.current(`${prefix}sb.bot.bot_a.conv_a`)).toBe(names.subjects.bot('bot_a', 'conv_a'))
})
