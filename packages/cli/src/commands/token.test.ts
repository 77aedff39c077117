import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@botpress/client'
import { ADMIN_TOKEN, apiError, startHarness, type Harness } from '@switchboard/chat-api/testing'
import { cli } from '../testing/run-cli.js'

let chat: Harness
let cwd: string
let env: Record<string, string>

beforeAll(async () => {
  ;[chat, cwd] = await Promise.all([startHarness(), mkdtemp(join(tmpdir(), 'sb-token-'))])
  env = {
    SWITCHBOARD_ADMIN_URL: `127.0.0.1:${chat.api.grpcPort}`,
    SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
    SWITCHBOARD_API_URL: chat.apiUrl,
  }
})
afterAll(async () => {
  await chat?.close()
  await rm(cwd, { recursive: true, force: true })
})

describe('switchboard token create', () => {
  it('prints a token that @botpress/client can act as the bot with, and only as that bot', async () => {
    const bot = await chat.admin.PutBot({ name: 'outside-bot' })
    const other = await chat.createBot('someone-else')
    const r = await cli(['token', 'create', '--bot', 'outside-bot', '--name', 'laptop'], { env, cwd })
    expect(r.code).toBe(0)
    const token = r.out.trim()
    expect(token).toMatch(/^\S{20,}$/)
    expect(r.err).toContain(`botId: '${bot.id}'`)

    const client = new Client({ apiUrl: chat.apiUrl, botId: bot.id, token })
    const { user } = await client.getOrCreateUser({ tags: {} })
    expect((await client.getUser({ id: user.id })).user.id).toBe(user.id)
    // The same token, claiming to be another bot, is refused.
    const err = await apiError(() =>
      new Client({ apiUrl: chat.apiUrl, botId: other.id, token }).listConversations({}),
    )
    expect([401, 403]).toContain(err.code)

    const tokens = await chat.admin.ListTokens({ botId: bot.id, integrationId: '' })
    expect(tokens.tokens.map((t) => t.name)).toEqual(['laptop'])
  })

  it('prints JSON with -o json, and names a bot that does not exist', async () => {
    await chat.admin.PutBot({ name: 'json-bot' })
    const r = await cli(['token', 'create', '--bot', 'json-bot', '-o', 'json'], { env, cwd })
    expect(JSON.parse(r.out)).toMatchObject({
      apiUrl: chat.apiUrl,
      token: expect.any(String),
      botId: expect.stringMatching(/^bot_/),
    })
    const missing = await cli(['token', 'create', '--bot', 'nobody'], { env, cwd })
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('no bot nobody')
  })
})
