import type { JsMsg } from '@nats-io/jetstream'
import { createTestNats, metricValue, type TestNats } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { METRIC_NAMES } from './metrics.js'
import { testDispatcherMetrics } from './testing/metrics.js'

let nats: TestNats
beforeAll(async () => {
  nats = await createTestNats()
})
afterAll(async () => {
  await nats?.cleanup()
})

it('counts each delivery under its consumer, installation and outcome, with zero retries and dead letters from the first', async () => {
  const { registry, metrics } = testDispatcherMetrics(nats.nc)
  const msg = (installation: string) =>
    ({
      subject: `sb.outgoing.3.${installation}.conv_1`,
      info: { timestampNanos: (Date.now() - 50) * 1e6 },
    }) as unknown as JsMsg
  metrics.delivery({ durable: 'dispatcher-outgoing', msg: msg('inst_a'), outcome: 'ack' })
  metrics.delivery({ durable: 'dispatcher-outgoing', msg: msg('inst_a'), outcome: 'ack' })
  metrics.delivery({ durable: 'dispatcher-outgoing', msg: msg('inst_a'), outcome: 'nak' })
  metrics.delivery({ durable: 'dispatcher-outgoing', msg: msg('inst_b'), outcome: 'term' })
  metrics.handlerCall({ installationId: 'inst_a', operation: 'message_created', started: Date.now() })
  metrics.handlerCall({
    installationId: 'inst_a',
    operation: 'message_created',
    started: Date.now(),
    error: new Error('x'),
  })
  const text = await registry.metrics()
  const a = { consumer: 'dispatcher-outgoing', installation: 'inst_a' }
  const b = { consumer: 'dispatcher-outgoing', installation: 'inst_b' }
  expect(metricValue(text, METRIC_NAMES.deliveries, { ...a, outcome: 'ack' })).toBe(2)
  expect(metricValue(text, METRIC_NAMES.deliveries, { ...a, outcome: 'nak' })).toBe(1)
  expect(metricValue(text, METRIC_NAMES.deliveries, { ...b, outcome: 'term' })).toBe(1)
  expect(metricValue(text, METRIC_NAMES.retries, a)).toBe(1)
  expect(metricValue(text, METRIC_NAMES.deadLetters, a)).toBe(0)
  expect(metricValue(text, METRIC_NAMES.retries, b)).toBe(0)
  expect(metricValue(text, METRIC_NAMES.deadLetters, b)).toBe(1)
  expect(
    metricValue(text, `${METRIC_NAMES.endToEndSeconds}_count`, { consumer: 'dispatcher-outgoing' }),
  ).toBe(2)
  const call = { operation: 'message_created', installation: 'inst_a' }
  expect(metricValue(text, METRIC_NAMES.handlerCalls, { ...call, outcome: 'ok' })).toBe(1)
  expect(metricValue(text, METRIC_NAMES.handlerCalls, { ...call, outcome: 'failed' })).toBe(1)
  expect(metricValue(text, `${METRIC_NAMES.handlerSeconds}_count`, call)).toBe(2)
})
