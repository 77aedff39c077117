/** The console's API without a browser: who may call what, and clear 4xx answers to bad input. */
import { ADMIN_TOKEN, startHarness, type Harness } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConsole, type Console } from '../app.js'
import { consoleEnv } from '../config.js'

const VIEWER = 'test-viewer-token-0123456789'
let chat: Harness
let app: Console

beforeAll(async () => {
  chat = await startHarness()
  app = await startConsole(
    loadConfig(consoleEnv, {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ADMIN_GRPC_URL: `127.0.0.1:${chat.api.grpcPort}`,
      ADMIN_TOKEN,
      CONSOLE_READONLY_TOKEN: VIEWER,
      NATS_URL: chat.nats.url,
      NATS_PREFIX: chat.nats.prefix,
      LOG_LEVEL: 'silent',
    }),
    createLogger({ service: 'console-test', level: 'silent' }),
  )
}, 60_000)
afterAll(async () => {
  await app?.stop()
  await chat?.close()
})

async function call(path: string, init: { token?: string; method?: string; body?: string } = {}) {
  const res = await fetch(`${app.url}${path}`, {
    method: init.method ?? 'GET',
    headers: init.token ? { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' } : {},
    body: init.body,
  })
  const text = await res.text()
  return {
    status: res.status,
    text,
    json: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : {}) as Record<string, unknown>,
  }
}

describe('the console API', () => {
  it('needs a known token, and tells each role which it is', async () => {
    expect((await call('/api/me')).status).toBe(401)
    expect((await call('/api/me', { token: 'nope-nope-nope-nope' })).json.message).toMatch(/unknown token/)
    expect((await call('/api/me', { token: ADMIN_TOKEN })).json).toEqual({ role: 'admin' })
    expect((await call('/api/me', { token: VIEWER })).json).toEqual({ role: 'viewer' })
  })

  it('refuses the read-only role a replay (403) before looking at anything', async () => {
    const r = await call('/api/dead-letters/replay', { token: VIEWER, method: 'POST', body: '{"all":true}' })
    expect(r.status).toBe(403)
    expect(r.json.message).toMatch(/read-only role may not replay dead letters/)
  })

  it('lets the admin replay all (none here), list dead letters and read the live feed', async () => {
    const all = await call('/api/dead-letters/replay', {
      token: ADMIN_TOKEN,
      method: 'POST',
      body: '{"all":true}',
    })
    expect([all.status, all.json.replayed]).toEqual([200, []])
    expect((await call('/api/dead-letters', { token: VIEWER })).json).toEqual([])
    expect((await call('/api/live/recent', { token: VIEWER })).status).toBe(200)
  })

  it('answers bad input with a 4xx that names it', async () => {
    const cases: Array<[string, { method?: string; body?: string }, number, RegExp]> = [
      ['/api/conversations', {}, 400, /botId/],
      ['/api/conversations?botId=bot_nope&tag=novalue', {}, 400, /tag: expected key=value/],
      ['/api/conversations?botId=bot_01ARZ3NDEKTSV4RRFFQ69G5FAV', {}, 404, /bot/],
      ['/api/conversations/%E0%A4%A/messages?botId=x', {}, 400, /malformed percent-encoding/],
      ['/api/installations/inst_01ARZ3NDEKTSV4RRFFQ69G5FAV', {}, 404, /installation/],
      ['/api/nope', {}, 404, /route GET \/api\/nope/],
      ['/api/dead-letters/replay', { method: 'POST', body: '{not json' }, 400, /malformed JSON/],
      ['/api/dead-letters/replay', { method: 'POST', body: '{"deadSeqs":[-1]}' }, 400, /deadSeqs/],
      [
        '/api/dead-letters/replay',
        { method: 'POST', body: '{"deadSeqs":[424242]}' },
        404,
        /no dead letter 424242/,
      ],
      ['/api/dead-letters/replay', { method: 'POST', body: 'x'.repeat(70_000) }, 413, /larger than/],
    ]
    for (const [path, init, status, message] of cases) {
      const r = await call(path, { ...init, token: ADMIN_TOKEN })
      expect([path, r.status], r.text).toEqual([path, status])
      expect(r.json.message, path).toMatch(message)
    }
    // The web app's own paths: a malformed one is a 400, not a crash.
    expect((await call('/%E0%A4%A')).status).toBe(400)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  })
})
