import { Client } from '@botpress/client'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('expiry-bot')
})
afterAll(() => h.close())

describe('expiring tokens through @botpress/client', () => {
  it('works until its lifetime is over, then is refused with 401', async () => {
    const ttlMs = 1500
    const created = Date.now()
    const t = await h.admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'sandbox', ttlMs })
    const client = new Client({ apiUrl: h.apiUrl, botId: bot.id, token: t.secret })
    expect((await client.listConversations({})).conversations).toEqual([])
    const err = await waitFor('the token to be refused', async () => {
      try {
        await client.listConversations({})
        return undefined
      } catch (e) {
        return e as { code: number; message: string; type: string }
      }
    })
    expect(Date.now() - created).toBeGreaterThanOrEqual(ttlMs)
    expect(err.code).toBe(401)
    expect(err.type).toBe('Unauthorized')
    expect(err.message).toContain('expired')
    // Expired stays expired: it cannot be renewed back to life.
    await expect(h.admin.RenewToken({ id: t.id, ttlMs: 60_000 })).rejects.toThrow(/not found/)
    expect((await apiError(() => client.getUser({ id: bot.id }))).code).toBe(401)
    // It is not listed among the bot's live tokens.
    expect(
      (await h.admin.ListTokens({ botId: bot.id, integrationId: '' })).tokens.map((x) => x.id),
    ).not.toContain(t.id)
  })

  it('keeps working past its first lifetime when renewed', async () => {
    const t = await h.admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'renewed', ttlMs: 1000 })
    const client = new Client({ apiUrl: h.apiUrl, botId: bot.id, token: t.secret })
    const renewed = await h.admin.RenewToken({ id: t.id, ttlMs: 60_000 })
    await waitFor('the first lifetime to pass', () => Date.now() > Date.parse(t.expiresAt) + 100)
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.now())
    expect((await client.listConversations({})).conversations).toEqual([])
  })
})
