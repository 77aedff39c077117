import { jetstreamManager } from '@switchboard/nats'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeadLetter } from './consume/dead-letter.js'
import { installExample, startPlatform, startSink, type Platform, type Sink } from './testing/platform.js'

/**
 * The webhook path of issue 4 with every part real: ingress → SB_WEBHOOKS → dispatcher → the example
 * integration (built with @botpress/sdk) in a process sandbox → chat-api → Postgres, and back out
 * through SB_OUTGOING to the integration's channel handler.
 */
let p: Platform
let sink: Sink
let bot: Awaited<ReturnType<Platform['chat']['createBot']>>
let webhookId: string

beforeAll(async () => {
  ;[p, sink] = await Promise.all([startPlatform(), startSink()])
  ;({ bot, webhookId } = await installExample(p, sink.url, { idempotencyKey: 'header:X-Delivery-Id' }))
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${p.ingressUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

async function messagesWithText(text: string) {
  const { messages } = await bot.client.listMessages({})
  return messages.filter((m) => (m.payload as { text?: string }).text === text)
}

/** The dead letters on SB_DEAD of messages from `stream`. */
async function deadLetters(stream: string): Promise<DeadLetter[]> {
  const jsm = await jetstreamManager(p.chat.nats.nc)
  const { dead } = p.chat.nats.names.streams
  const info = await jsm.streams.info(dead).catch(() => null)
  const letters: DeadLetter[] = []
  for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq; seq++) {
    const letter = (await jsm.streams.getMessage(dead, { seq }).catch(() => null))?.json<DeadLetter>()
    if (letter?.stream === stream) letters.push(letter)
  }
  return letters
}

describe('webhook to message', () => {
  it('a webhook becomes a persisted message with the conversation and user tags the handler set', async () => {
    const res = await post(webhookId, {
      conversationId: 'ext-conv-1',
      userId: 'ext-user-1',
      text: 'hello switchboard',
    })
    expect(res.status).toBe(200)
    const [message] = await waitFor('the message', async () => {
      const m = await messagesWithText('hello switchboard')
      return m.length ? m : null
    })
    expect(message!.direction).toBe('incoming')
    const { conversation } = await bot.client.getConversation({ id: message!.conversationId })
    expect(conversation.tags).toEqual({ 'webhook:id': 'ext-conv-1' })
    const { user } = await bot.client.getUser({ id: message!.userId })
    expect(user.tags).toEqual({ 'webhook:id': 'ext-user-1' })
  })

  it("relays the handler's synchronous answer (a challenge echo) to the webhook caller", async () => {
    const res = await post(webhookId, { challenge: 'challenge-42' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('challenge-42')
  })

  it("a handler's 4xx is its final answer: relayed to the caller, acked, not retried nor dead-lettered", async () => {
    const res = await post(webhookId, { neither: 'a message nor a challenge' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(/expected \{"conversationId"/)
    // A webhook sent after it is handled: the 4xx one is done, nothing of it waits or died.
    await post(webhookId, { conversationId: 'ext-conv-4xx', userId: 'u', text: 'after the 400' })
    await waitFor('the message after the 400', async () => (await messagesWithText('after the 400')).length)
    const jsm = await jetstreamManager(p.chat.nats.nc)
    const { names } = p.chat.nats
    const consumer = await jsm.consumers.info(names.streams.webhooks, names.consumers.dispatcherWebhooks)
    expect([consumer.num_pending, consumer.num_ack_pending, consumer.num_redelivered]).toEqual([0, 0, 0])
    // (The quiet bot answers nothing, so SB_BOT's letters are its; none is a webhook's.)
    expect(await deadLetters(names.streams.webhooks)).toEqual([])
  })

  it('the same delivery sent twice with an idempotency key makes one message', async () => {
    const headers = { 'x-delivery-id': 'delivery-7' }
    const body = { conversationId: 'ext-conv-2', userId: 'ext-user-2', text: 'exactly once' }
    const [a, b] = [await post(webhookId, body, headers), await post(webhookId, body, headers)]
    expect([a.status, b.status]).toContain(202)
    await waitFor('the message', async () => (await messagesWithText('exactly once')).length > 0)
    await new Promise((r) => setTimeout(r, 500))
    expect(await messagesWithText('exactly once')).toHaveLength(1)
  })

  it("an outgoing message a bot creates reaches the integration's channel handler with the conversation's tags", async () => {
    const [incoming] = await waitFor('the first message', async () => {
      const m = await messagesWithText('hello switchboard')
      return m.length ? m : null
    })
    await bot.client.createMessage({
      conversationId: incoming!.conversationId,
      userId: bot.id,
      type: 'text',
      payload: { text: 'hello back' },
      tags: {},
    })
    const answer = await waitFor('the answer at the sink', () =>
      sink.received.find((r) => r.text === 'hello back'),
    )
    expect(answer).toMatchObject({ conversationId: 'ext-conv-1', text: 'hello back' })
  })
})

describe('failures', () => {
  it('a handler that throws is retried with backoff, then dead-lettered with its error and the original message', async () => {
    const { admin } = p.chat
    const bundle = Buffer.from(
      `exports.default = { handler: async () => { throw new Error('boom from the handler') }, start() {} }`,
    )
    const intg = await admin.PutIntegration({
      name: 'broken',
      version: '1.0.0',
      definitionJson: '{}',
      bundle,
    })
    const inst = await admin.CreateInstallation({
      botId: bot.id,
      integrationId: intg.id,
      alias: 'broken',
      enabled: true,
    })
    const started = Date.now()
    const res = await post(inst.webhookId, { n: 1 })
    expect(res.status).toBe(202)

    // The broken bundle fails its `register` too; this test is about the webhook's dead letter.
    const [dead] = await waitFor(
      'the dead letter of the webhook',
      async () => {
        const letters = await deadLetters(p.chat.nats.names.streams.webhooks)
        return letters.length ? letters : null
      },
      20_000,
    )
    expect(dead!.deliveryCount).toBe(3)
    expect(dead!.reason).toMatch(/failed after 3 attempts: webhook_received handler answered 500/)
    expect(dead!.reason).toContain('boom from the handler')
    expect(JSON.parse(Buffer.from(dead!.dataBase64, 'base64').toString())).toMatchObject({
      installationId: inst.id,
    })
    // Backoff 100 ms then 200 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })
})
