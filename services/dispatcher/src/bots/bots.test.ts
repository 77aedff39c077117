import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { Client } from '@botpress/client'
import { verifyRequest, SIGNATURE_HEADER } from '@switchboard/sandbox'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installExample, startPlatform, startSink, type Platform, type Sink } from '../testing/platform.js'

/** The part of a bot event these tests read. */
interface BotEvent {
  type: string
  payload: { userId?: string; message?: { payload?: { text?: string } } } & Record<string, unknown>
}

/** An external bot server: checks each request's signature and records what it was sent. */
interface EndpointBot {
  url: string
  secret: string
  received: Array<{ headers: IncomingHttpHeaders; body: { event: BotEvent }; signed: boolean }>
  close(): Promise<void>
}

async function startEndpointBot(delay = () => 0): Promise<EndpointBot> {
  const secret = 'endpoint-signing-secret-0123456789'
  const received: EndpointBot['received'] = []
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const signed = verifyRequest(secret, raw, req.headers[SIGNATURE_HEADER] as string | undefined)
      setTimeout(() => {
        received.push({ headers: req.headers, body: JSON.parse(raw), signed })
        res.writeHead(signed ? 200 : 401).end('{}')
      }, delay())
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    secret,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

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

describe('ordering', () => {
  it('100 messages sent into one conversation reach the bot in order, with two dispatchers running', async () => {
    await p.startDispatcher()
    // The bot answers after a random delay, so a dispatcher that did not wait would overtake the other.
    const endpoint = await startEndpointBot(() => Math.floor(Math.random() * 15))
    try {
      const { bot } = await installExample(p, sink.url, {
        botName: 'ordered-bot',
        bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
      })
      const intg = await p.chat.admin.GetIntegration({ id: '', name: 'webhook', version: '0.1.0' })
      const token = await p.chat.admin.CreateToken({
        kind: 'integration',
        integrationId: intg.id,
        botId: '',
        name: 'ordering',
      })
      const integration = new Client({
        apiUrl: p.chat.apiUrl,
        botId: bot.id,
        integrationId: intg.id,
        token: token.secret,
      })
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
