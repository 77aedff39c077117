import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { metricValue, waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startChatApi, type ChatApi } from './app.js'
import { chatApiEnv } from './config.js'
import { METRIC_NAMES } from './metrics.js'
import { harnessEnv, startHarness, type Harness } from './testing/harness.js'

/** What an operator reads on /metrics: who publishes the outbox, how far behind it is, the requests. */
let h: Harness
let second: ChatApi | undefined
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await second?.stop()
  await h?.close()
})

/** The sample of `name` on chat-api's /metrics at `port` whose labels include `labels`. */
async function sample(port: number, name: string, labels: Record<string, string> = {}) {
  return metricValue(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), name, labels)
}

it('counts Runtime API requests by route template and status, and shows the outbox drained', async () => {
  const bot = await h.createBot('metrics-bot')
  const integ = await h.install(bot, await h.createIntegration('webhook'))
  const { conversation } = await integ.client.getOrCreateConversation({
    channel: 'channel',
    tags: { id: 'm' },
  })
  const { user } = await integ.client.getOrCreateUser({ tags: { id: 'm' } })
  await integ.client.createMessage({
    conversationId: conversation.id,
    userId: user.id,
    type: 'text',
    payload: { text: 'counted' },
    tags: {},
  })
  const port = h.api.httpPort
  expect(
    await sample(port, METRIC_NAMES.requests, { method: 'POST', route: '/v1/chat/messages', status: '201' }),
  ).toBe(1)
  await waitFor('the outbox drained', async () => (await sample(port, METRIC_NAMES.outboxBacklog)) === 0)
})

it('exactly one replica says it publishes the outbox, and another takes over when it stops', async () => {
  second = await startChatApi(
    loadConfig(chatApiEnv, harnessEnv(h.db, h.nats)),
    createLogger({ service: 'chat-api-2', level: 'silent' }),
  )
  const ports = [h.api.httpPort, second.httpPort]
  const leaders = async () =>
    Promise.all(ports.map(async (p) => (await sample(p, METRIC_NAMES.outboxLeader))!))
  // The first replica has published (the test above), so it holds the lock; the second follows.
  await waitFor('one leader', async () => (await leaders()).join() === '1,0')
  await h.api.stop()
  await waitFor(
    'the second replica leading',
    async () => (await sample(ports[1]!, METRIC_NAMES.outboxLeader)) === 1,
  )
})
