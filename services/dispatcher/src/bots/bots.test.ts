import { INVOKE_HEADERS } from '@switchboard/sandbox'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEndpointBot, type EndpointBot } from '../testing/endpoint-bot.js'
import {
  actAsIntegration,
  installExample,
  startPlatform,
  startSink,
  type Platform,
  type Sink,
} from '../testing/platform.js'

let p: Platform
let sink: Sink
beforeAll(async () => {
  ;[p, sink] = await Promise.all([startPlatform(), startSink()])
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
})

const post = (webhookId: string, body: unknown) =>
  fetch(`${p.ingressUrl}/${webhookId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('the seed flow', () => {
  it('webhook → integration → incoming message → echo bot (SDK bundle) → outgoing message → channel handler → sink', async () => {
    const { webhookId } = await installExample(p, sink.url, {
      botName: 'echo-bot',
      bot: { bundle: p.echoBot.bundle },
    })
    expect(
      (await post(webhookId, { conversationId: 'chat-9', userId: 'ada', text: 'hello there' })).status,
    ).toBe(200)
    const answer = await waitFor(
      'the echo at the sink',
      () => sink.received.find((r) => r.text === 'echo: hello there'),
      20_000,
    )
    // The answer goes back to the external conversation the webhook came from.
    expect(answer.conversationId).toBe('chat-9')
  })
})

describe('an endpoint bot', () => {
  let endpoint: EndpointBot
  beforeAll(async () => {
    endpoint = await startEndpointBot()
  })
  afterAll(() => endpoint?.close())

  it("receives the integration's events and incoming messages, signed, as the SDK's bot server expects them", async () => {
    const { webhookId } = await installExample(p, sink.url, {
      botName: 'endpoint-bot',
      bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
    })
    await post(webhookId, { type: 'typing', conversationId: 'chat-e', userId: 'bob' })
    const typing = await waitFor('the event at the bot', () =>
      endpoint.received.find((r) => r.headers['x-bp-type'] === 'webhook:typing'),
    )
    expect(typing.signed).toBe(true)
    expect(typing.headers['x-bp-operation']).toBe('event_received')
    expect(typing.body.event).toMatchObject({ type: 'webhook:typing', payload: { userId: 'bob' } })

    await post(webhookId, { conversationId: 'chat-e', userId: 'bob', text: 'are you there?' })
    const message = await waitFor('the message at the bot', () =>
      endpoint.received.find((r) => r.headers['x-bp-type'] === 'message_created'),
    )
    expect(message.signed).toBe(true)
    expect(message.body.event).toMatchObject({
      type: 'message_created',
      payload: {
        message: { type: 'text', payload: { text: 'are you there?' }, direction: 'incoming' },
        conversation: { tags: { 'webhook:id': 'chat-e' } },
        user: { tags: { 'webhook:id': 'bob' } },
      },
    })
  })
})

describe('redelivery', () => {
  it('a notice delivered again is recognisably the same: same delivery id, same event id', async () => {
    // The bot fails the first delivery of each message; the dispatcher delivers it again.
    const failed = new Set<string>()
    const endpoint = await startEndpointBot((event) => {
      const text = String(event.payload.message?.payload?.text)
      if (failed.has(text)) return 200
      failed.add(text)
      return 503
    })
    try {
      const { webhookId } = await installExample(p, sink.url, {
        botName: 'flaky-bot',
        bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
      })
      await post(webhookId, { conversationId: 'chat-r', userId: 'bob', text: 'first' })
      await post(webhookId, { conversationId: 'chat-r', userId: 'bob', text: 'second' })
      const of = (text: string) =>
        endpoint.received.filter((r) => r.body.event.payload.message?.payload?.text === text)
      await waitFor(
        'both messages delivered twice',
        () => of('first').length >= 2 && of('second').length >= 2,
      )
      for (const text of ['first', 'second']) {
        const [a, b] = of(text)
        expect(a!.headers[INVOKE_HEADERS.deliveryId]).toMatch(/^\S+$/)
        expect(b!.headers[INVOKE_HEADERS.deliveryId]).toBe(a!.headers[INVOKE_HEADERS.deliveryId])
        expect((b!.body.event as unknown as { id: string }).id).toBe(
          (a!.body.event as unknown as { id: string }).id,
        )
      }
      expect(of('first')[0]!.headers[INVOKE_HEADERS.deliveryId]).not.toBe(
        of('second')[0]!.headers[INVOKE_HEADERS.deliveryId],
      )
    } finally {
      await endpoint.close()
    }
  })
})

describe('ordering', () => {
  it('100 messages sent into one conversation reach the bot in order, with two dispatchers running', async () => {
    await p.startDispatcher()
    // The bot answers after a random delay, so a dispatcher that did not wait would overtake the other.
    const endpoint = await startEndpointBot(async () => {
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 15)))
      return 200
    })
    try {
      const { bot } = await installExample(p, sink.url, {
        botName: 'ordered-bot',
        bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
      })
      const integration = await actAsIntegration(p, bot.id)
      const { conversation } = await integration.getOrCreateConversation({
        channel: 'channel',
        tags: { id: 'ordered' },
      })
      const { user } = await integration.getOrCreateUser({ tags: { id: 'sender' } })
      for (let i = 0; i < 100; i++) {
        await integration.createMessage({
          conversationId: conversation.id,
          userId: user.id,
          type: 'text',
          payload: { text: `m${i}` },
          tags: {},
        })
      }
      // Events only: the bot's deployment also sends it `ping` and `register`.
      const texts = () =>
        endpoint.received
          .filter((r) => r.headers['x-bp-operation'] === 'event_received')
          .map((r) => r.body.event.payload.message?.payload?.text)
      await waitFor('100 messages at the bot', () => texts().length >= 100, 60_000)
      expect(texts()).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`))
    } finally {
      await endpoint.close()
    }
  }, 90_000)
})
