import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildBot, buildIntegration, type BuiltBot, type BuiltIntegration } from '@switchboard/cli'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installExample, startPlatform, startSink, type Platform, type Sink } from '../testing/platform.js'

/**
 * Identities and names the SDK relies on, end to end with bundles built by the real @botpress/sdk
 * (fixtures/): the user behind ctx.botUserId that Slack's `register` updates, a Telegram-sized
 * data-URI picture, and a plugin's `alias#` state, tags and event.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url))

let p: Platform
let sink: Sink
let outDir: string
let chatlike: BuiltIntegration
let pluginBot: BuiltBot

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sdk-identities-'))
  ;[p, sink, chatlike, pluginBot] = await Promise.all([
    startPlatform(),
    startSink(),
    buildIntegration(join(FIXTURES, 'chatlike-integration'), { outDir: join(outDir, 'chatlike') }),
    buildBot(join(FIXTURES, 'plugin-bot'), { outDir: join(outDir, 'plugin-bot') }),
  ])
}, 90_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

const AVATAR = 'https://cdn.example.com/switchboard-bot.png'

/** Installs the chatlike integration in a new bot the way the install sequence does, and waits for `register`. */
async function installChatlike(botName: string, externalBotId: string) {
  const { admin } = p.chat
  const intg = await admin.PutIntegration({
    name: 'chatlike',
    version: '0.1.0',
    definitionJson: JSON.stringify(chatlike.definition),
    bundle: chatlike.bundle,
    webhook: { idempotencyKey: '', syncTimeoutMs: 4000 },
  })
  const bot = await p.chat.createBot(botName)
  const inst = await admin.CreateInstallation({
    botId: bot.id,
    integrationId: intg.id,
    alias: 'chatlike',
    enabled: false,
  })
  await p.secrets.callers.admin.PutConfiguration({
    installationId: inst.id,
    configurationJson: JSON.stringify({ botName: 'Switchboard Bot', botAvatarUrl: AVATAR, externalBotId }),
    schemaJson: JSON.stringify(chatlike.definition.configuration?.schema ?? {}),
  })
  await admin.UpdateInstallation({ id: inst.id, enabled: true, integrationId: '' })
  const registered = await waitFor(
    'the register handler to finish',
    async () => {
      const got = await admin.GetInstallation({ id: inst.id, webhookId: '', botId: '', alias: '' })
      if (got.registration?.state === 'failed')
        throw new Error(`register failed: ${got.registration.message}`)
      return got.registration?.state === 'registered' ? got : null
    },
    20_000,
  )
  return { bot, installation: registered }
}

describe('the user behind ctx.botUserId', () => {
  it("Slack's register (updateUser on ctx.botUserId: name, avatar, tags) succeeds, and the bot user shows them", async () => {
    const { bot, installation } = await installChatlike('slackish-bot', 'B-EXTERNAL-1')
    expect(installation.botUserId).toMatch(/^user_/)
    const { user } = await bot.client.getUser({ id: installation.botUserId })
    expect(user).toMatchObject({
      name: 'Switchboard Bot',
      pictureUrl: AVATAR,
      tags: { 'chatlike:id': 'B-EXTERNAL-1' },
    })
    // Each installation has its own: a second bot's installation gets another user.
    const second = await installChatlike('slackish-bot-2', 'B-EXTERNAL-2')
    expect(second.installation.botUserId).not.toBe(installation.botUserId)
    expect((await second.bot.client.getUser({ id: second.installation.botUserId })).user.tags).toEqual({
      'chatlike:id': 'B-EXTERNAL-2',
    })
  })

  it("Telegram's 25 kB data-URI picture on updateUser is stored whole, and the message arrives", async () => {
    const { bot, installation } = await installChatlike('telegramish-bot', 'B-EXTERNAL-3')
    const photoDataUri = `data:image/jpeg;base64,${Buffer.alloc(19_000, 3).toString('base64')}`
    expect(photoDataUri.length).toBeGreaterThan(25_000)
    const res = await fetch(`${p.ingressUrl}/${installation.webhookId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: 'chat-1', fromId: 'tg-7', fromName: 'Tess', photoDataUri, text: 'hi' }),
    })
    expect(res.status).toBeLessThan(300)
    const message = await waitFor('the message', async () => (await bot.client.listMessages({})).messages[0])
    expect(message.payload).toEqual({ text: 'hi' })
    const { user } = await bot.client.getUser({ id: message.userId })
    expect(user.name).toBe('Tess')
    expect(user.pictureUrl).toBe(photoDataUri)
  })
})

describe('plugin prefixes', () => {
  it("a plugin's alias# state, tags and event, written by the real SDK's plugin tools, all succeed", async () => {
    const { bot, webhookId } = await installExample(p, sink.url, {
      botName: 'plugin-bot',
      bot: { bundle: pluginBot.bundle },
    })
    await fetch(`${p.ingressUrl}/${webhookId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'ext-conv', userId: 'ext-user', text: 'remember me' }),
    })
    const event = await waitFor(
      "the plugin's event",
      async () => (await bot.client.listEvents({ type: 'memo#noted' })).events[0],
      20_000,
    )
    expect(event.payload).toEqual({ text: 'remember me' })
    const conversationId = event.conversationId!
    const { state } = await bot.client.getState({
      type: 'conversation',
      id: conversationId,
      name: 'memo#lastText',
    })
    expect(state.payload).toEqual({ text: 'remember me' })
    const { conversation } = await bot.client.getConversation({ id: conversationId })
    expect(conversation.tags).toMatchObject({ 'memo#seen': 'yes', 'webhook:id': 'ext-conv' })
  })
})
