import { afterAll, beforeAll, expect, it } from 'vitest'
import { startHarness, type Harness } from '../testing/harness.js'

/**
 * The user behind ctx.botUserId: created with each installation, read, updated and found by its tags
 * like any user of the integration, but not listed among the bot's contacts.
 */
let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>
let botUserId: string

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('bot-user-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
  botUserId = (await h.admin.GetInstallation({ id: integ.id, webhookId: '', botId: '', alias: '' })).botUserId
})
afterAll(() => h?.close())

it('each installation has its own, which the integration reads, updates and finds by tags', async () => {
  expect(botUserId).toMatch(/^user_/)
  const other = await h.install(bot, await h.createIntegration('other'))
  const otherBotUser = (await h.admin.GetInstallation({ id: other.id, webhookId: '', botId: '', alias: '' }))
    .botUserId
  expect(otherBotUser).not.toBe(botUserId)
  await integ.client.updateUser({ id: botUserId, name: 'The Bot', tags: { id: 'EXT-BOT' } })
  expect((await integ.client.getUser({ id: botUserId })).user).toMatchObject({ name: 'The Bot' })
  const found = await integ.client.getOrCreateUser({ tags: { id: 'EXT-BOT' } })
  expect(found).toMatchObject({ user: { id: botUserId }, meta: { created: false } })
})

it('is not listed among the users', async () => {
  const { user } = await integ.client.getOrCreateUser({ tags: { id: 'a-person' } })
  expect((await integ.client.listUsers({})).users.map((u) => u.id)).toEqual([user.id])
  expect((await bot.client.listUsers({})).users.map((u) => u.id)).toEqual([user.id])
})
