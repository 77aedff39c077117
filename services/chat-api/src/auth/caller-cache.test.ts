import { Client } from '@botpress/client'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startChatApi, type ChatApi } from '../app.js'
import { chatApiEnv } from '../config.js'
import { apiError, harnessEnv, startHarness, type Harness } from '../testing/harness.js'

/**
 * Runtime API authentication is remembered per replica (AUTH_CACHE_TTL_MS). A revoked token must be
 * refused at once by the replica that revoked it, and by every other replica within the window.
 */
const WINDOW_MS = 1500
let h: Harness
let other: ChatApi
let bot: Awaited<ReturnType<Harness['createBot']>>

beforeAll(async () => {
  h = await startHarness({ AUTH_CACHE_TTL_MS: String(WINDOW_MS) })
  // A second replica on the same database.
  const config = loadConfig(chatApiEnv, harnessEnv(h.db, h.nats, { AUTH_CACHE_TTL_MS: String(WINDOW_MS) }))
  other = await startChatApi(config, createLogger({ service: 'chat-api-2', level: 'silent' }))
  bot = await h.createBot('cache-bot')
})
afterAll(async () => {
  await other?.stop()
  await h?.close()
})

it('a revoked token is refused at once by the revoking replica and within the window by another', async () => {
  const t = await h.admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'revoked-soon' })
  const here = new Client({ apiUrl: h.apiUrl, botId: bot.id, token: t.secret })
  const there = new Client({ apiUrl: `http://127.0.0.1:${other.httpPort}`, botId: bot.id, token: t.secret })
  // Both replicas have authenticated it (and remember it).
  expect((await here.listConversations({})).conversations).toEqual([])
  expect((await there.listConversations({})).conversations).toEqual([])

  await h.admin.RevokeToken({ id: t.id })
  const revokedAt = Date.now()
  const err = await apiError(() => here.listConversations({}))
  expect(err.code).toBe(401)
  expect(err.message).toContain('revoked')

  await waitFor(
    'the other replica to refuse the revoked token',
    async () => (await apiError(() => there.listConversations({}))).code === 401,
    WINDOW_MS + 5000,
  )
  // Refused once the window passed, whatever the other replica remembered.
  await waitFor('the window to pass', () => Date.now() > revokedAt + WINDOW_MS)
  expect((await apiError(() => there.listConversations({}))).code).toBe(401)
})

it('a token of the wrong bot is refused even right after the right bot used it', async () => {
  const t = await h.admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'one-bot' })
  const right = new Client({ apiUrl: h.apiUrl, botId: bot.id, token: t.secret })
  expect((await right.listConversations({})).conversations).toEqual([])
  const otherBot = await h.createBot('cache-other-bot')
  const wrong = new Client({ apiUrl: h.apiUrl, botId: otherBot.id, token: t.secret })
  expect((await apiError(() => wrong.listConversations({}))).code).toBe(403)
})

it('an integration token stops acting for a bot as soon as its installation is deleted (forced)', async () => {
  const intg = await h.createIntegration('cache-intg')
  const inst = await h.install(bot, intg)
  expect((await inst.client.listConversations({})).conversations).toEqual([])
  await h.admin.DeleteInstallation({ id: inst.id, force: true })
  expect((await apiError(() => inst.client.listConversations({}))).code).toBe(403)
})
