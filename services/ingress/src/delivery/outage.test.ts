import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHarness, TEST_DEFINITION, type Harness } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { connectNats, jetstreamManager, type NatsConnection, type WebhookEnvelope } from '@switchboard/nats'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngress, type Ingress } from '../app.js'
import { ingressEnv } from '../config.js'

const NATS_SERVER = '/usr/sbin/nats-server'

async function freePort(): Promise<number> {
  const srv = createServer()
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const { port } = srv.address() as { port: number }
  srv.close()
  await once(srv, 'close')
  return port
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })

/** A NATS server of this test's own, so it can be stopped without disturbing other test files. */
class PrivateNats {
  private child: ChildProcess | undefined
  readonly dir = mkdtempSync(join(tmpdir(), 'ingress-nats-'))
  constructor(readonly port: number) {}
  get url() {
    return `nats://127.0.0.1:${this.port}`
  }
  async start() {
    this.child = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.dir], {
      stdio: 'ignore',
    })
    await waitFor('nats-server listening', () => portOpen(this.port))
  }
  async kill() {
    const c = this.child
    if (!c || c.exitCode !== null) return
    c.kill('SIGKILL')
    await once(c, 'exit')
  }
  async cleanup() {
    await this.kill()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

let h: Harness
let nats: PrivateNats
let nc: NatsConnection
let ingress: Ingress
let base: string

beforeAll(async () => {
  nats = new PrivateNats(await freePort())
  await nats.start()
  // chat-api (lookups) stays on the shared NATS; only ingress's JetStream goes away.
  h = await startHarness()
  ingress = await startIngress(
    loadConfig(ingressEnv, {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ADMIN_GRPC_URL: `127.0.0.1:${h.api.grpcPort}`,
      WEBHOOK_RESOLVER_TOKEN: h.config.WEBHOOK_RESOLVER_TOKEN!,
      NATS_URL: nats.url,
      NATS_PREFIX: h.nats.prefix,
      PUBLISH_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'silent',
    }),
    createLogger({ service: 'ingress', level: 'silent' }),
  )
  base = `http://127.0.0.1:${ingress.port}`
  nc = await connectNats(nats.url, 'outage-test')
  await waitFor('ingress ready', async () => (await fetch(`${base}/readyz`)).ok)
})
afterAll(async () => {
  await ingress?.stop()
  await nc?.close()
  await nats?.cleanup()
  await h?.close()
})

async function installation(name: string, idempotencyKey: string) {
  const intg = await h.admin.PutIntegration({
    name,
    version: '1.0.0',
    definitionJson: JSON.stringify(TEST_DEFINITION),
    webhook: { idempotencyKey, syncTimeoutMs: 20 },
  })
  const inst = await h.install(await h.createBot(`${name}-bot`), { id: intg.id, token: '' })
  return { ...inst, subject: h.nats.names.subjects.webhook(inst.id) }
}

/** The bodies stored on `subject`, in order. */
async function storedBodies(subject: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc)
  const stream = h.nats.names.streams.webhooks
  const info = await jsm.streams.info(stream)
  const out: string[] = []
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null)
    if (m?.subject === subject)
      out.push(Buffer.from(m.json<WebhookEnvelope>().bodyBase64, 'base64').toString())
  }
  return out
}

const post = (webhookId: string, body: string) => fetch(`${base}/${webhookId}`, { method: 'POST', body })

describe('ingress while NATS is down', () => {
  it('answers 503 with Retry-After, and stores the retried delivery once when NATS is back', async () => {
    const keyed = await installation('keyed', 'body:/update_id')
    const unkeyed = await installation('unkeyed', '')
    // Warm the lookup cache: the lookups themselves do not need NATS.
    expect((await post(keyed.webhookId, '{"update_id":1}')).status).toBe(202)
    expect((await post(unkeyed.webhookId, '{"n":"before"}')).status).toBe(202)

    await nats.kill()
    await waitFor('not ready', async () => (await fetch(`${base}/readyz`)).status === 503)
    for (const [inst, body] of [
      [keyed, '{"update_id":2}'],
      [unkeyed, '{"n":"refused"}'],
    ] as const) {
      const t0 = Date.now()
      const res = await post(inst.webhookId, body)
      expect(res.status).toBe(503)
      // Refused at once, not after the publish timeout: nothing was handed to the client's buffer.
      expect(Date.now() - t0).toBeLessThan(2500)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await res.json()).toMatchObject({ code: 503 })
    }

    await nats.start()
    // The provider retries until accepted (JetStream may need a moment after the restart).
    await waitFor(
      'retried delivery accepted',
      async () => (await post(keyed.webhookId, '{"update_id":2}')).ok,
    )
    expect((await post(keyed.webhookId, '{"update_id":2}')).status).toBe(202)
    expect((await post(unkeyed.webhookId, '{"n":"after"}')).status).toBe(202)

    expect(await storedBodies(keyed.subject)).toEqual(['{"update_id":1}', '{"update_id":2}'])
    // The refused delivery was not buffered in the client and sent behind the caller's back.
    expect(await storedBodies(unkeyed.subject)).toEqual(['{"n":"before"}', '{"n":"after"}'])
  })
})
