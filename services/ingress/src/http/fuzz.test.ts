import { request } from 'node:http'
import { startHarness, TEST_DEFINITION, type Harness } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { jetstreamManager } from '@switchboard/nats'
import {
  deepJson,
  fuzzSeed,
  hostileIdInUrl,
  randomBytes,
  seededRandom,
  waitFor,
  wideJson,
  type Rng,
} from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngress, type Ingress } from '../app.js'
import { ingressEnv } from '../config.js'

const SEED = fuzzSeed()
const REQUESTS = 600
const BODY_LIMIT = 64 * 1024

let h: Harness
let ingress: Ingress
let webhookId: string

beforeAll(async () => {
  h = await startHarness()
  ingress = await startIngress(
    loadConfig(ingressEnv, {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ADMIN_GRPC_URL: `127.0.0.1:${h.api.grpcPort}`,
      WEBHOOK_RESOLVER_TOKEN: h.config.WEBHOOK_RESOLVER_TOKEN!,
      NATS_URL: h.nats.url,
      NATS_PREFIX: h.nats.prefix,
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      // Nobody answers in this test: accepted webhooks get their 202 at once.
      DEFAULT_SYNC_TIMEOUT_MS: '0',
      LOG_LEVEL: 'silent',
    }),
    createLogger({ service: 'ingress', level: 'silent' }),
  )
  await waitFor('ingress ready', async () => (await fetch(`http://127.0.0.1:${ingress.port}/readyz`)).ok)
  const intg = await h.admin.PutIntegration({
    name: 'fuzzed',
    version: '1.0.0',
    definitionJson: JSON.stringify(TEST_DEFINITION),
  })
  webhookId = (await h.install(await h.createBot('fuzz-bot'), { id: intg.id, token: '' })).webhookId
})
afterAll(async () => {
  await ingress?.stop()
  await h?.close()
})

interface Hostile {
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
  what: string
  /** Ingress relays the provider's bytes as they are: these must be accepted (202), the rest refused. */
  relayed: boolean
}

/** One hostile webhook request. */
function hostile(rng: Rng): Hostile {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const method = rng.pick(['POST', 'POST', 'PUT', 'GET', 'DELETE', 'PATCH'])
  const at = `/${webhookId}`
  switch (
    rng.pick(['bad id', 'nul in url', 'huge header', 'oversized', 'bytes', 'deep', 'wide', 'odd path'])
  ) {
    case 'bad id':
      return {
        method,
        path: `/${rng.pick(['wh_', 'wh_' + 'A'.repeat(26), ''])}${hostileIdInUrl(rng)}`,
        headers,
        what: 'bad id',
        relayed: false,
      }
    case 'nul in url':
      return {
        method,
        path: rng.chance(0.5) ? `${at}/a%00b` : `${at}?x=${rng.pick(['%00', 'a%00', '%00%00'])}`,
        headers,
        body: Buffer.from('{}'),
        what: 'nul in url',
        relayed: false,
      }
    case 'huge header':
      headers['x-padding'] = 'a'.repeat(20_000 + rng.int(50_000))
      return { method, path: at, headers, body: Buffer.from('{}'), what: 'huge header', relayed: false }
    case 'oversized':
      return {
        method: 'POST',
        path: at,
        headers,
        body: Buffer.alloc(BODY_LIMIT + 1 + rng.int(BODY_LIMIT), 0x61),
        what: 'oversized',
        relayed: false,
      }
    case 'bytes':
      return { method, path: at, headers, body: randomBytes(rng), what: 'bytes', relayed: true }
    case 'deep':
      return {
        method: 'POST',
        path: at,
        headers,
        body: Buffer.from(deepJson(1000 + rng.int(10_000))),
        what: 'deep',
        relayed: true,
      }
    case 'wide':
      return {
        method: 'POST',
        path: at,
        headers,
        body: Buffer.from(wideJson(100 + rng.int(3000))),
        what: 'wide',
        relayed: true,
      }
    default:
      return {
        method,
        path: `${at}/${rng.pick(['%ED%A0%80', '..%2F..', '%zz', 'a%20b', '%F0%9F%99%82'])}?q=${rng.pick(['%ED%A0%80', '%', '%C0%80'])}`,
        headers,
        body: Buffer.from('{"text":"\\ud800"}'),
        what: 'odd path',
        relayed: true,
      }
  }
}

/**
 * Sends a request on a fresh connection, with its content-length (node sends a GET's body unframed
 * otherwise); fails if no answer comes within 5 s.
 */
function send(req: Hostile): Promise<number> {
  if (req.body) req.headers['content-length'] = String(req.body.length)
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port: ingress.port,
        method: req.method,
        path: req.path,
        headers: req.headers,
        timeout: 5000,
        agent: false,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode!))
      },
    )
    r.on('timeout', () => r.destroy(new Error('no answer within 5 s')))
    r.on('error', reject)
    r.end(req.body)
  })
}

async function stored(): Promise<number> {
  const jsm = await jetstreamManager(h.nats.nc)
  return (await jsm.streams.info(h.nats.names.streams.webhooks)).state.messages
}

describe(`ingress fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`${REQUESTS} hostile webhooks: never a 5xx, refused ones stored nowhere, and it keeps serving`, async () => {
    const rng = seededRandom(SEED)
    const before = await stored()
    const failures: string[] = []
    let accepted = 0
    for (let i = 0; i < REQUESTS; i++) {
      const req = hostile(rng)
      const status = await send(req).catch((err: Error) => {
        // Node answers 431 / 413 and closes while the client may still be writing: it sees a reset.
        if (['huge header', 'oversized'].includes(req.what) && /hang up|ECONNRESET|EPIPE/.test(err.message))
          return 431
        throw new Error(`#${i} ${req.what}: ${req.method} ${req.path.slice(0, 80)}: ${err.message}`)
      })
      if (status === 202) accepted++
      const ok = req.relayed ? status === 202 : status >= 400 && status < 500
      if (!ok) failures.push(`#${i} ${req.what}: ${req.method} ${req.path.slice(0, 80)} → ${status}`)
    }
    expect(failures).toEqual([])
    expect(accepted).toBeGreaterThan(100)
    // Exactly the accepted ones were stored: nothing refused reached the stream.
    await waitFor('accepted webhooks stored', async () => (await stored()) === before + accepted)
    const good = await fetch(`http://127.0.0.1:${ingress.port}/${webhookId}`, {
      method: 'POST',
      body: '{"ok":true}',
    })
    expect(good.status).toBe(202)
  })

  it('names the problem', async () => {
    const res = await fetch(`http://127.0.0.1:${ingress.port}/${webhookId}/x%00y`, {
      method: 'POST',
      body: '{}',
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(/url: contains a NUL byte/)
  })
})
