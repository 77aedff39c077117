import { Client } from '@botpress/client'
import { DISPATCHER_TOKEN } from '@switchboard/chat-api/testing'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos } from '@switchboard/proto'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installExample, startPlatform, startSink, type Platform, type Sink } from '../testing/platform.js'
import { SandboxTokens } from './sandbox-tokens.js'

/**
 * Sandbox tokens expire and are renewed while in use: a short lifetime here, so the renewal and the
 * end of the first lifetime happen within the test.
 */
const TTL_MS = 5000
let p: Platform
let sink: Sink

beforeAll(async () => {
  ;[p, sink] = await Promise.all([
    startPlatform({ SANDBOX_TOKEN_TTL_MS: String(TTL_MS), INVOKE_TIMEOUT_MS: '1500' }),
    startSink(),
  ])
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
})

/** The dispatcher's live integration sandbox tokens, as chat-api stores them. */
async function sandboxTokens() {
  const { rows } = await p.chat.api.pool.query<{ id: string; expires_at: Date }>(
    `SELECT id, expires_at FROM tokens
      WHERE kind = 'integration' AND name LIKE 'sandbox:%' AND revoked_at IS NULL AND expires_at > now()`,
  )
  return rows
}

describe('sandbox tokens', () => {
  it('a long-lived sandbox keeps working across a renewal, on the same token', async () => {
    const { bot, webhookId } = await installExample(p, sink.url, { botName: 'renewal-bot' })
    const say = async (text: string) => {
      const res = await fetch(`${p.ingressUrl}/${webhookId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: 'c-renewal', userId: 'u-renewal', text }),
      })
      // 200: the handler ran in its sandbox and created the message through the Runtime API.
      expect(res.status, await res.text()).toBe(200)
    }
    await say('first')
    const [first, ...more] = await sandboxTokens()
    expect(more).toEqual([])
    expect(first!.expires_at.getTime()).toBeLessThanOrEqual(Date.now() + TTL_MS)

    // In use: each call past half the lifetime renews the token, in place.
    await waitFor('the token to be renewed', async () => {
      await say('busy')
      const [t] = await sandboxTokens()
      return t!.expires_at.getTime() > first!.expires_at.getTime()
    })
    await waitFor('the first lifetime to end', () => Date.now() > first!.expires_at.getTime() + 200)

    await say('after the first lifetime')
    const { messages } = await bot.client.listMessages({})
    expect(messages.map((m) => (m.payload as { text: string }).text)).toContain('after the first lifetime')
    // The same token, renewed: not a new one (which would have meant a restarted sandbox).
    expect((await sandboxTokens()).map((t) => t.id)).toEqual([first!.id])
  })

  it('a dispatcher that crashed leaves tokens that die within their lifetime', async () => {
    const admin = promiseClient(protos.admin.AdminService, `127.0.0.1:${p.chat.api.grpcPort}`, {
      token: DISPATCHER_TOKEN,
    })
    const bot = await p.chat.createBot('crash-bot')
    const logger = createLogger({ service: 'sandbox-tokens-test', level: 'silent' })
    const crashed = new SandboxTokens({ admin, instanceName: 'crashed', ttlMs: 1500, callMs: 100, logger })
    const minted = Date.now()
    const client = new Client({ apiUrl: p.chat.apiUrl, botId: bot.id, token: await crashed.forBot(bot.id) })
    expect((await client.listConversations({})).conversations).toEqual([])
    // The dispatcher is gone: nothing renews or revokes the token.
    const code = await waitFor('the token to be refused', () =>
      client.listConversations({}).then(
        () => 0,
        (err: { code: number }) => err.code,
      ),
    )
    expect(code).toBe(401)
    expect(Date.now() - minted).toBeGreaterThanOrEqual(1500)
    admin.close()
  })
})
