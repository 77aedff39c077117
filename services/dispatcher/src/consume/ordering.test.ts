import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from '@botpress/client'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  actAsIntegration,
  installExample,
  startEndpointBot,
  startPlatform,
  startSink,
  type EndpointBot,
  type Platform,
  type Sink,
} from '../testing/platform.js'

/**
 * Per-conversation order on SB_BOT with partitioned consumers (docs/adr/0005), with two dispatchers
 * and the real parts: chat-api's outbox, JetStream, an endpoint bot. One dispatcher runs in a process
 * of its own and is killed with SIGKILL while it holds messages.
 */
let p: Platform
let sink: Sink
let logDir: string
beforeAll(async () => {
  logDir = await mkdtemp(join(tmpdir(), 'sb-ordering-'))
  // A dead dispatcher's message comes back after 2 s (live ones keep extending it).
  ;[p, sink] = await Promise.all([startPlatform({ ACK_WAIT_MS: '2000' }), startSink()])
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
  await rm(logDir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const textOf = (r: EndpointBot['received'][number]) => r.body.event.payload.message?.payload?.text ?? ''

/** The bot's answered (200) texts of one conversation, in arrival order. */
function delivered(endpoint: EndpointBot, prefix: string): string[] {
  return endpoint.received.filter((r) => r.status === 200 && textOf(r).startsWith(prefix)).map(textOf)
}

/** Drops a repeat that follows itself: a message re-run after a crash, before anything else. */
function collapseRepeats(texts: string[]): string[] {
  return texts.filter((t, i) => t !== texts[i - 1])
}

async function conversationOf(integration: Client, id: string) {
  const { conversation } = await integration.getOrCreateConversation({ channel: 'channel', tags: { id } })
  const { user } = await integration.getOrCreateUser({ tags: { id: `user-${id}` } })
  return { conversationId: conversation.id, userId: user.id }
}

async function send(integration: Client, conv: { conversationId: string; userId: string }, text: string) {
  await integration.createMessage({ ...conv, type: 'text', payload: { text }, tags: {} })
}

it('two dispatchers, one killed with SIGKILL mid-run: every conversation reaches the bot complete and in creation order', async () => {
  const child = await p.spawnDispatcher(join(logDir, 'dispatcher-child.log'))
  // Random answer times, so that a dispatcher that did not keep the order would show it.
  const endpoint = await startEndpointBot(async () => {
    await sleep(Math.floor(Math.random() * 20))
    return 200
  })
  try {
    const { bot } = await installExample(p, sink.url, {
      botName: 'killed-dispatcher-bot',
      bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
    })
    const integration = await actAsIntegration(p, bot.id)
    const conversations = 8
    const perConversation = 40
    const convs = await Promise.all(
      Array.from({ length: conversations }, (_, c) => conversationOf(integration, `kill-${c}`)),
    )
    const creating = Promise.all(
      convs.map(async (conv, c) => {
        for (let i = 0; i < perConversation; i++) await send(integration, conv, `k${c}-${i}`)
      }),
    )
    await waitFor('a quarter of the messages at the bot', () => endpoint.received.length >= 80, 60_000)
    await child.kill9()
    await creating
    const total = conversations * perConversation
    await waitFor(
      'every message at the bot',
      () => new Set(endpoint.received.filter((r) => r.status === 200).map(textOf)).size >= total,
      60_000,
    )
    for (let c = 0; c < conversations; c++) {
      expect(collapseRepeats(delivered(endpoint, `k${c}-`))).toEqual(
        Array.from({ length: perConversation }, (_, i) => `k${c}-${i}`),
      )
    }
  } finally {
    await endpoint.close()
  }
}, 120_000)

it('a notice being retried keeps its place: its successor waits until it succeeds', async () => {
  let failuresLeft = 2
  const endpoint = await startEndpointBot((event) => {
    const text = event.payload.message?.payload?.text
    if (text !== 'r3' || failuresLeft === 0) return 200
    failuresLeft--
    return 500
  })
  try {
    const { bot } = await installExample(p, sink.url, {
      botName: 'retry-bot',
      bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
    })
    const integration = await actAsIntegration(p, bot.id)
    const conv = await conversationOf(integration, 'retried')
    for (let i = 0; i < 8; i++) await send(integration, conv, `r${i}`)
    await waitFor('r7 at the bot', () => delivered(endpoint, 'r7').length > 0, 30_000)
    const arrivals = endpoint.received.map((r) => `${textOf(r)}:${r.status}`)
    expect(arrivals).toEqual([
      'r0:200',
      'r1:200',
      'r2:200',
      'r3:500',
      'r3:500',
      'r3:200',
      'r4:200',
      'r5:200',
      'r6:200',
      'r7:200',
    ])
  } finally {
    await endpoint.close()
  }
}, 60_000)
