import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { startHarness, type Harness } from '@switchboard/chat-api/testing'
import { buildIntegration, EXAMPLES, type BuiltIntegration } from '@switchboard/cli'
import { createLogger } from '@switchboard/logging'
import { jetstreamManager } from '@switchboard/nats'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDEMPOTENCY_KEY_HEADER, INVOKE_HEADERS } from '../index.js'
import type { InvokeResponse, SandboxSpec } from '../driver.js'
import { ProcessSandboxDriver } from './driver.js'

/** A Runtime API write as the proxy saw it. */
interface Seen {
  method: string
  url: string
  key: string | undefined
  status: number
}

/**
 * Effects once (docs/adr/0006-effects-once.md), end to end: the example integration built with the
 * real @botpress/sdk, in a real process sandbox, calling a real chat-api through a proxy that can kill
 * the sandbox (kill -9) the moment chat-api has stored the handler's message, before the handler
 * sees the answer. The same delivery, run again, must not store the message twice.
 */
describe('a webhook handler re-run after a crash', () => {
  let outDir: string
  let built: BuiltIntegration
  let h: Harness
  let bot: Awaited<ReturnType<Harness['createBot']>>
  let intg: { id: string; token: string }
  let inst: Awaited<ReturnType<Harness['install']>>
  let driver: ProcessSandboxDriver
  let proxy: Server
  let proxyUrl: string
  const seen: Seen[] = []
  const pids: number[] = []
  /** When set, the next stored message kills the sandbox before its answer is relayed. */
  let killAfterMessage = false

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'effects-once-test-'))
    ;[built, h] = await Promise.all([
      buildIntegration(EXAMPLES.webhookIntegration, { outDir }),
      startHarness(),
    ])
    bot = await h.createBot('bot')
    intg = await h.createIntegration('webhook', built.definition)
    inst = await h.install(bot, intg, 'webhook')
    const api = new URL(h.apiUrl)
    proxy = createServer((req, res) => {
      const body: Buffer[] = []
      req.on('data', (c: Buffer) => body.push(c))
      req.on('end', () => {
        const up = request(
          { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
          (upRes: IncomingMessage) => {
            const key = req.headers[IDEMPOTENCY_KEY_HEADER] as string | undefined
            if (req.method !== 'GET') {
              seen.push({ method: req.method!, url: req.url!, key, status: upRes.statusCode! })
            }
            if (killAfterMessage && req.method === 'POST' && req.url === '/v1/chat/messages') {
              killAfterMessage = false
              upRes.resume()
              process.kill(pids.at(-1)!, 'SIGKILL')
              res.destroy()
              return
            }
            res.writeHead(upRes.statusCode!, upRes.headers)
            upRes.pipe(res)
          },
        )
        up.end(Buffer.concat(body))
      })
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
    // The driver logs each sandbox it starts, with its pid: that is the process the proxy kills.
    const lines = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) {
          if (!line.includes('"sandbox started"')) continue
          pids.push((JSON.parse(line) as { pid: number }).pid)
        }
        done()
      },
    })
    driver = new ProcessSandboxDriver({
      logger: createLogger({ service: 'effects-once-test', level: 'info', destination: lines }),
      restartBackoff: { initialMs: 10, maxMs: 10 },
    })
  })

  afterAll(async () => {
    await driver?.close()
    await new Promise((r) => proxy?.close(r))
    await h?.close()
    await rm(outDir, { recursive: true, force: true })
  })

  const sandbox = (): SandboxSpec => ({
    key: intg.id,
    bundle: { sha256: built.sha256, load: async () => built.bundle },
    env: { BP_API_URL: proxyUrl, BP_TOKEN: intg.token },
  })

  /** Invokes webhook_received for `text` as delivery `deliveryId` (what the dispatcher does). */
  const webhook = (deliveryId: string | undefined, text: string): Promise<InvokeResponse> =>
    driver.invoke({
      sandbox: sandbox(),
      headers: {
        'x-bp-operation': 'webhook_received',
        'x-bot-id': bot.id,
        'x-bot-user-id': bot.id,
        'x-integration-id': intg.id,
        'x-integration-alias': inst.alias,
        'x-webhook-id': inst.webhookId,
        'x-bp-configuration': Buffer.from(JSON.stringify({ url: 'http://127.0.0.1:9/' })).toString('base64'),
        ...(deliveryId && { [INVOKE_HEADERS.deliveryId]: deliveryId }),
      },
      body: JSON.stringify({
        req: {
          method: 'POST',
          path: '',
          query: '',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: 'ext-conv', userId: 'ext-user', text }),
        },
      }),
    })

  /** Runs the delivery again until the handler completes, as JetStream redelivers it. */
  async function redeliver(deliveryId: string, text: string): Promise<InvokeResponse> {
    let res: InvokeResponse | undefined
    await waitFor('the redelivery completes', async () => {
      res = await webhook(deliveryId, text).catch(() => undefined)
      return res?.status === 200
    })
    return res!
  }

  async function stored(text: string): Promise<string[]> {
    const { rows } = await h.api.pool.query<{ id: string }>(
      `SELECT id FROM messages WHERE payload->>'text' = $1`,
      [text],
    )
    return rows.map((r) => r.id)
  }

  async function noticesForTheBot(): Promise<number> {
    await waitFor('outbox drained', async () => {
      const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM outbox`)
      return rows[0].n === 0
    })
    const jsm = await jetstreamManager(h.nats.nc)
    const info = await jsm.streams.info(h.nats.names.streams.bot)
    return info.state.messages
  }

  it('kill -9 after createMessage, then the redelivery: the message exists once, announced once', async () => {
    expect((await webhook('SB_WEBHOOKS:warm-up', 'warm-up')).status).toBe(200)
    const noticesBefore = await noticesForTheBot()
    seen.length = 0
    killAfterMessage = true
    const pidBefore = pids.at(-1)
    await expect(webhook('SB_WEBHOOKS:delivery-1', 'said once')).rejects.toThrow()
    // The effect happened before the crash: the message is stored though the handler never knew.
    expect(await stored('said once')).toHaveLength(1)

    const res = await redeliver('SB_WEBHOOKS:delivery-1', 'said once')
    expect(res.status).toBe(200)
    expect(pids.at(-1)).not.toBe(pidBefore) // a fresh sandbox process ran the redelivery
    expect(await stored('said once')).toHaveLength(1)
    expect(await noticesForTheBot()).toBe(noticesBefore + 1)
    // Both runs sent createMessage with the same key, and the second got the first's answer.
    const creates = seen.filter((s) => s.url === '/v1/chat/messages')
    expect(creates.length).toBeGreaterThanOrEqual(2)
    expect(creates.every((c) => c.key && c.key === creates[0]!.key)).toBe(true)
    expect(creates.at(-1)!.status).toBe(201)
  })

  it('every write of the handler carries a key; reads carry none', async () => {
    const writes = seen.filter((s) => s.method !== 'GET')
    expect(writes.map((w) => w.url)).toEqual(
      expect.arrayContaining([
        '/v1/chat/conversations/get-or-create',
        '/v1/chat/users/get-or-create',
        '/v1/chat/messages',
      ]),
    )
    expect(writes.every((w) => w.key?.startsWith('sb1-'))).toBe(true)
  })

  it('another delivery of the same text is another message', async () => {
    expect((await webhook('SB_WEBHOOKS:delivery-2', 'said once')).status).toBe(200)
    expect(await stored('said once')).toHaveLength(2)
  })

  it('an invocation without a delivery id sends no keys', async () => {
    seen.length = 0
    const res = await webhook(undefined, 'no key')
    expect(res.status).toBe(200)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((s) => s.key === undefined)).toBe(true)
  })
})
