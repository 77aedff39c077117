import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  actAsIntegration,
  installExample,
  startEndpointBot,
  startPlatform,
  startSink,
  type EndpointBot,
  type Platform,
  type Sink,
} from '@switchboard/dispatcher/testing'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { dlqReplay, listDeadLetters, type DlqDeps } from './dlq.js'

/**
 * A dead letter stays dead — on the nats-server this machine runs (2.9.10), across a dispatcher
 * killed and restarted — and `dlq replay` runs it exactly once. "Not again" is checked after a marker
 * sent behind it in the same conversation: the conversation's notices are handled one at a time in
 * order, so a redelivery of the dead one would reach the bot before the marker.
 */
let p: Platform
let sink: Sink
let endpoint: EndpointBot
let logDir: string
let healed = false
beforeAll(async () => {
  logDir = await mkdtemp(join(tmpdir(), 'sb-dlq-flow-'))
  ;[p, sink, endpoint] = await Promise.all([
    startPlatform({ ACK_WAIT_MS: '2000' }),
    startSink(),
    startEndpointBot((event) => (event.payload.message?.payload?.text === 'poison' && !healed ? 500 : 200)),
  ])
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
  await endpoint?.close()
  await rm(logDir, { recursive: true, force: true })
})

it('a dead-lettered notice is not delivered again, across a dispatcher restart; a replay delivers it once', async () => {
  const child = await p.spawnDispatcher(join(logDir, 'dispatcher.log'))
  const { bot } = await installExample(p, sink.url, {
    botName: 'dead-letter-bot',
    bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
  })
  const integration = await actAsIntegration(p, bot.id)
  const { conversation } = await integration.getOrCreateConversation({
    channel: 'channel',
    tags: { id: 'dead' },
  })
  const { user } = await integration.getOrCreateUser({ tags: { id: 'dead-user' } })
  const send = (text: string) =>
    integration.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text },
      tags: {},
    })
  const arrivals = () =>
    endpoint.received.map((r) => `${r.body.event.payload.message?.payload?.text}:${r.status}`)
  const arrived = (text: string) => waitFor(text, () => arrivals().includes(`${text}:200`), 30_000)

  await send('poison')
  await send('marker-1')
  await arrived('marker-1')
  // Three attempts (MAX_ATTEMPTS), then given up on, and the conversation went on.
  expect(arrivals()).toEqual(['poison:500', 'poison:500', 'poison:500', 'marker-1:200'])
  const deps: DlqDeps = { nc: p.chat.nats.nc, names: p.chat.nats.names, out: () => undefined }
  const letters = await listDeadLetters(deps)
  expect(letters.map((l) => [l.stream, l.deliveryCount])).toEqual([[p.chat.nats.names.streams.bot, 3]])
  expect(letters[0]!.reason).toMatch(/failed after 3 attempts/)

  await child.kill9()
  await child.restart()
  await send('marker-2')
  await arrived('marker-2')
  expect(arrivals().slice(4)).toEqual(['marker-2:200'])

  healed = true
  expect(await dlqReplay('all', deps)).toBe(1)
  await send('marker-3')
  await arrived('marker-3')
  expect(arrivals().slice(5)).toEqual(['poison:200', 'marker-3:200'])
  expect(await listDeadLetters(deps)).toEqual([])
}, 120_000)
