import { createServer, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHarness, type Harness } from '@switchboard/chat-api/testing'
import { buildIntegration, EXAMPLES, type BuiltIntegration } from '@switchboard/cli'
import { createLogger } from '@switchboard/logging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxSpec } from '../driver.js'
import { ProcessSandboxDriver } from './driver.js'

/**
 * The example integration, built with the real @botpress/sdk, running in a real sandboxed process and
 * calling a real chat-api: the §6 protocol end to end.
 */
describe('an @botpress/sdk integration bundle in a process sandbox', () => {
  let outDir: string
  let built: BuiltIntegration
  let h: Harness
  let bot: Awaited<ReturnType<Harness['createBot']>>
  let intg: { id: string; token: string }
  let inst: Awaited<ReturnType<Harness['install']>>
  let driver: ProcessSandboxDriver
  let sink: Server
  let sinkUrl: string
  const received: unknown[] = []

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sdk-bundle-test-'))
    ;[built, h] = await Promise.all([
      buildIntegration(EXAMPLES.webhookIntegration, { outDir }),
      startHarness(),
    ])
    bot = await h.createBot('bot')
    intg = await h.createIntegration('webhook', built.definition)
    inst = await h.install(bot, intg, 'webhook')
    sink = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        received.push(JSON.parse(body))
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
    const address = sink.address()
    sinkUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/outgoing`
    // The sink stands in for the external service on this machine's loopback: let the sandbox reach it.
    const sinkPort = Number(new URL(sinkUrl).port)
    driver = new ProcessSandboxDriver({
      logger: createLogger({ service: 'sandbox-test', level: 'silent' }),
      loopbackPorts: () => [sinkPort],
    })
  })

  afterAll(async () => {
    await driver?.close()
    await new Promise((r) => sink?.close(r))
    await h?.close()
    await rm(outDir, { recursive: true, force: true })
  })

  const sandbox = (): SandboxSpec => ({
    key: intg.id,
    bundle: { sha256: built.sha256, load: async () => built.bundle },
    env: { BP_API_URL: h.apiUrl, BP_TOKEN: intg.token },
  })

  const invoke = (operation: string, body: unknown) =>
    driver.invoke({
      sandbox: sandbox(),
      headers: {
        'x-bp-operation': operation,
        'x-bot-id': bot.id,
        'x-bot-user-id': bot.id,
        'x-integration-id': intg.id,
        'x-integration-alias': inst.alias,
        'x-webhook-id': inst.webhookId,
        'x-bp-configuration': Buffer.from(JSON.stringify({ url: sinkUrl })).toString('base64'),
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
      body: JSON.stringify(body),
    })

  const webhook = (body: string) =>
    invoke('webhook_received', {
      req: { method: 'POST', path: '', query: '', headers: { 'content-type': 'application/json' }, body },
    })

  it('builds a bundle and a definition the way bp build does', () => {
    expect(built.bundle.subarray(0, 200).toString()).not.toMatch(/^import /m)
    expect(built.definition).toMatchObject({
      name: 'webhook',
      version: '0.1.0',
      configuration: {
        schema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
      },
      channels: {
        channel: { messages: { text: { schema: { type: 'object' } } }, conversation: { tags: { id: {} } } },
      },
      user: { tags: { id: {} } },
    })
  })

  it('webhook_received: the handler creates the conversation, user and message in chat-api', async () => {
    const res = await webhook(
      JSON.stringify({ conversationId: 'ext-conv-1', userId: 'ext-user-1', text: 'hello' }),
    )
    expect(res.status).toBe(200)

    const { conversations } = await bot.client.listConversations({ tags: { 'webhook:id': 'ext-conv-1' } })
    expect(conversations).toHaveLength(1)
    const conversation = conversations[0]!
    expect(conversation.tags).toMatchObject({ 'webhook:id': 'ext-conv-1' })
    const { messages } = await bot.client.listMessages({ conversationId: conversation.id })
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ type: 'text', payload: { text: 'hello' }, direction: 'incoming' })
    const { user } = await bot.client.getUser({ id: messages[0]!.userId })
    expect(user.tags).toMatchObject({ 'webhook:id': 'ext-user-1' })
  })

  it('serves concurrent calls from one warm process', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        webhook(JSON.stringify({ conversationId: 'ext-conv-2', userId: `u-${i}`, text: `m${i}` })),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    const { conversations } = await bot.client.listConversations({ tags: { 'webhook:id': 'ext-conv-2' } })
    expect(conversations).toHaveLength(1)
    const { messages } = await bot.client.listMessages({ conversationId: conversations[0]!.id })
    expect(messages.map((m) => (m.payload as { text: string }).text).sort()).toEqual(['m1', 'm2', 'm3', 'm4'])
  })

  it("message_created: the channel handler POSTs the bot's answer with the conversation's tags", async () => {
    const { conversations } = await bot.client.listConversations({ tags: { 'webhook:id': 'ext-conv-1' } })
    const conversationId = conversations[0]!.id
    const { message } = await bot.client.createMessage({
      conversationId,
      userId: bot.id,
      type: 'text',
      payload: { text: 'hello back' },
      tags: {},
    })
    // What the dispatcher sends: the records as the integration sees them (tags without the alias);
    // the author of an outgoing message is the bot, which has no user record of its own.
    const { conversation } = await inst.client.getConversation({ id: conversationId })
    const user = { id: message.userId, tags: {} }
    received.length = 0
    const res = await invoke('message_created', {
      conversation,
      user,
      message,
      type: message.type,
      payload: message.payload,
    })
    expect(res.status).toBe(200)
    expect(received).toEqual([{ conversationId: 'ext-conv-1', text: 'hello back', messageId: message.id }])
  })

  it('answers a challenge synchronously', async () => {
    const res = await webhook(JSON.stringify({ challenge: 'challenge-7f3a' }))
    expect(res).toMatchObject({ status: 200, body: 'challenge-7f3a' })
  })

  it('answers 400 to a body it cannot parse', async () => {
    expect((await webhook('not json')).status).toBe(400)
    expect((await webhook(JSON.stringify({ text: 'no ids' }))).status).toBe(400)
  })

  it('register and unregister succeed', async () => {
    expect((await invoke('register', { webhookUrl: 'http://ingress/abc' })).status).toBe(200)
    expect((await invoke('unregister', { webhookUrl: 'http://ingress/abc' })).status).toBe(200)
  })

  it("a failed Runtime API call reaches the handler as chat-api's error, not a TypeError", async () => {
    // Another bot, without this integration installed: chat-api answers 403 to the handler's calls.
    const stranger = await h.createBot('stranger')
    const res = await driver.invoke({
      sandbox: sandbox(),
      headers: {
        'x-bp-operation': 'webhook_received',
        'x-bot-id': stranger.id,
        'x-bot-user-id': stranger.id,
        'x-integration-id': intg.id,
        'x-integration-alias': inst.alias,
        'x-webhook-id': inst.webhookId,
        'x-bp-configuration': Buffer.from('{}').toString('base64'),
      },
      body: JSON.stringify({
        req: {
          method: 'POST',
          path: '/',
          query: '',
          headers: {},
          body: '{"conversationId":"c","userId":"u","text":"x"}',
        },
      }),
    })
    expect(res.status).toBe(500)
    expect(res.body).toContain('not installed in the bot')
    expect(res.body).not.toContain('isNetworkOrIdempotentRequestError')
  })
})
