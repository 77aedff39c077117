import { request } from 'node:http'
import { connect } from 'node:net'
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { startHarness, TEST_DEFINITION, type Harness } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import {
  ensureStreams,
  jetstreamManager,
  REPLY_TO_HEADER,
  type WebhookEnvelope,
  type WebhookReply,
} from '@switchboard/nats'
import { startTelemetry } from '@switchboard/telemetry'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngress, type Ingress } from './app.js'
import { ingressEnv } from './config.js'

const BODY_LIMIT = 64 * 1024
const spans = new InMemorySpanExporter()
const telemetry = startTelemetry({
  serviceName: 'ingress-test',
  spanProcessors: [new SimpleSpanProcessor(spans)],
})

let h: Harness
let ingress: Ingress
let base: string

beforeAll(async () => {
  h = await startHarness()
  const config = loadConfig(ingressEnv, {
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ADMIN_GRPC_URL: `127.0.0.1:${h.api.grpcPort}`,
    WEBHOOK_RESOLVER_TOKEN: h.config.WEBHOOK_RESOLVER_TOKEN!,
    NATS_URL: h.nats.url,
    NATS_PREFIX: h.nats.prefix,
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
    DEFAULT_SYNC_TIMEOUT_MS: '300',
    LOG_LEVEL: 'silent',
  })
  ingress = await startIngress(config, createLogger({ service: 'ingress', level: 'silent' }))
  base = `http://127.0.0.1:${ingress.port}`
  await waitFor('ingress ready', async () => (await fetch(`${base}/readyz`)).ok)
})
afterAll(async () => {
  await ingress?.stop()
  await h?.close()
  await telemetry.shutdown()
})

let seq = 0
/** A fresh installation whose integration has the given webhook rules. */
async function installation(webhook: { idempotencyKey?: string; syncTimeoutMs?: number } = {}) {
  const name = `hook${++seq}`
  const intg = await h.admin.PutIntegration({
    name,
    version: '1.0.0',
    definitionJson: JSON.stringify(TEST_DEFINITION),
    webhook: { idempotencyKey: webhook.idempotencyKey ?? '', syncTimeoutMs: webhook.syncTimeoutMs ?? 0 },
  })
  const bot = await h.createBot(`bot${seq}`)
  const inst = await h.install(bot, { id: intg.id, token: '' })
  return { ...inst, subject: h.nats.names.subjects.webhook(inst.id) }
}

/** How many messages the webhooks stream holds on `subject`. */
async function stored(subject: string): Promise<number> {
  const jsm = await jetstreamManager(h.nats.nc)
  const info = await jsm.streams.info(h.nats.names.streams.webhooks, { subjects_filter: subject })
  return info.state.subjects?.[subject] ?? 0
}

/** The stored envelopes on `subject`, with their NATS headers. */
async function envelopes(subject: string) {
  const jsm = await jetstreamManager(h.nats.nc)
  const out: Array<{ env: WebhookEnvelope; header: (k: string) => string | undefined }> = []
  for (let seq = 1; ; seq++) {
    const info = await jsm.streams.info(h.nats.names.streams.webhooks)
    if (seq > info.state.last_seq) break
    const m = await jsm.streams.getMessage(h.nats.names.streams.webhooks, { seq }).catch(() => null)
    if (m?.subject === subject) out.push({ env: m.json<WebhookEnvelope>(), header: (k) => m.header?.get(k) })
  }
  return out
}

/**
 * Plays the dispatcher for `subject`: answers every delivery with `answer(envelope)`. Resolves once
 * the server has the subscription (a flush round trip): ingress publishes on its own connection, so
 * without it a webhook sent right away can reach the server first and never be answered.
 */
async function respond(subject: string, answer: (env: WebhookEnvelope) => WebhookReply) {
  const sub = h.nats.nc.subscribe(subject, {
    callback: (_err, msg) => {
      const replyTo = msg.headers?.get(REPLY_TO_HEADER)
      if (replyTo) h.nats.nc.publish(replyTo, JSON.stringify(answer(msg.json<WebhookEnvelope>())))
    },
  })
  await h.nats.nc.flush()
  return () => sub.unsubscribe()
}

/** How many webhook requests ended with `outcome`, from the metrics page. */
async function outcomes(outcome: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const series = new RegExp(
    `switchboard_ingress_webhooks_total\\{installation="[^"]*",outcome="${outcome}",service="ingress"\\} (\\d+)`,
    'g',
  )
  let total = 0
  for (const m of text.matchAll(series)) total += Number(m[1])
  return total
}

/** A raw HTTP/1.1 exchange, for requests fetch will not send. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(ingress.port, '127.0.0.1', () => socket.write(text))
    let got = ''
    socket.on('data', (d) => (got += d.toString()))
    socket.on('end', () => resolve(got))
    socket.on('error', reject)
  })
}

describe('ingress', () => {
  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' })
    const inst = await installation()
    await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })
    await fetch(`${base}/wh_unknown`, { method: 'POST', body: '{}' })
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toMatch(
      /switchboard_ingress_webhooks_total\{installation="[^"]+",outcome="accepted",service="ingress"\} [1-9]/,
    )
    expect(metrics).toMatch(
      /switchboard_ingress_webhooks_total\{installation="",outcome="not_found",service="ingress"\} [1-9]/,
    )
    expect(metrics).toMatch(/switchboard_ingress_publish_duration_seconds_count\{service="ingress"\} [1-9]/)
  })

  it('answers 404 with the standard error body for an unknown webhook ID', async () => {
    const res = await fetch(`${base}/wh_doesnotexist000000000000000000000/x`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(404)
    const body = (await res.json()) as { message: string; id: string }
    expect(body).toMatchObject({ code: 404, type: 'ResourceNotFound' })
    expect(body.message).toMatch(/not found/)
    expect(body.id).toMatch(/^err_/)
  })

  it('answers 404 for a disabled installation, promptly after it is disabled, and serves it again when enabled', async () => {
    const inst = await installation({ syncTimeoutMs: 50 })
    expect((await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status).toBe(202)
    await h.admin.UpdateInstallation({ id: inst.id, enabled: false })
    // The cache TTL is a minute: only the change notice can make this prompt.
    await waitFor(
      '404 after disabling',
      async () => (await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status === 404,
      3000,
    )
    const before = await stored(inst.subject)
    expect((await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status).toBe(404)
    expect(await stored(inst.subject)).toBe(before)
    await h.admin.UpdateInstallation({ id: inst.id, enabled: true })
    await waitFor(
      '202 after enabling',
      async () => (await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status === 202,
      3000,
    )
  })

  it('answers 413 for a body over the limit, declared or streamed, and stores nothing', async () => {
    const inst = await installation({ syncTimeoutMs: 50 })
    const declared = await fetch(`${base}/${inst.webhookId}`, {
      method: 'POST',
      body: Buffer.alloc(BODY_LIMIT + 1, 'a'),
    })
    expect(declared.status).toBe(413)
    expect(await declared.json()).toMatchObject({ code: 413, type: 'PayloadTooLarge' })

    // Chunked, no Content-Length: the limit is enforced while reading.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/${inst.webhookId}`, { method: 'POST' }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      const chunk = Buffer.alloc(16 * 1024, 'b')
      for (let i = 0; i < 8; i++) req.write(chunk)
      req.end()
    })
    expect(streamed).toBe(413)

    // Exactly at the limit is fine.
    const atLimit = await fetch(`${base}/${inst.webhookId}`, {
      method: 'POST',
      body: Buffer.alloc(BODY_LIMIT),
    })
    expect(atLimit.status).toBe(202)
    expect(await stored(inst.subject)).toBe(1)
  })

  it('stores a delivery sent twice with an idempotency key once, per installation', async () => {
    const inst = await installation({ idempotencyKey: 'body:/update_id', syncTimeoutMs: 50 })
    const other = await installation({ idempotencyKey: 'body:/update_id', syncTimeoutMs: 50 })
    const body = JSON.stringify({ update_id: 777, message: { text: 'hi' } })
    const first = await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body })
    const second = await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body })
    expect([first.status, second.status]).toEqual([202, 202])
    expect(await second.json()).toEqual({ status: 'accepted' })
    expect(await stored(inst.subject)).toBe(1)
    // Another update is another message; the same update_id at another installation is its own.
    await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: JSON.stringify({ update_id: 778 }) })
    await fetch(`${base}/${other.webhookId}`, { method: 'POST', body })
    expect(await stored(inst.subject)).toBe(2)
    expect(await stored(other.subject)).toBe(1)
  })

  it('deduplicates on a header rule', async () => {
    const inst = await installation({ idempotencyKey: 'header:X-GitHub-Delivery', syncTimeoutMs: 50 })
    for (const delivery of ['d-1', 'd-1', 'd-2']) {
      const res = await fetch(`${base}/${inst.webhookId}`, {
        method: 'POST',
        headers: { 'X-GitHub-Delivery': delivery },
        body: '{}',
      })
      expect(res.status).toBe(202)
    }
    expect(await stored(inst.subject)).toBe(2)
  })

  it("relays the handler's synchronous answer (a challenge echo)", async () => {
    const inst = await installation({ syncTimeoutMs: 5000 })
    const stop = await respond(inst.subject, (env) => {
      const { challenge } = JSON.parse(Buffer.from(env.bodyBase64, 'base64').toString())
      return {
        status: 200,
        headers: { 'content-type': 'text/plain', 'x-handled-by': 'test', 'transfer-encoding': 'chunked' },
        bodyBase64: Buffer.from(challenge).toString('base64'),
      }
    })
    try {
      const res = await fetch(`${base}/${inst.webhookId}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'url_verification', challenge: 'c-3f1a' }),
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain')
      expect(res.headers.get('x-handled-by')).toBe('test')
      expect(await res.text()).toBe('c-3f1a')
    } finally {
      stop()
    }
  })

  it('answers 202 when no answer comes within syncTimeoutMs', async () => {
    const inst = await installation({ syncTimeoutMs: 200 })
    const t0 = Date.now()
    const res = await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'accepted' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190)
    expect(await stored(inst.subject)).toBe(1)
  })

  it('publishes method, path after the ID, raw query, end-to-end headers, body and traceparent', async () => {
    const inst = await installation({ syncTimeoutMs: 50 })
    spans.reset()
    const payload = Buffer.from([0, 1, 2, 250, 255, 10])
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/${inst.webhookId}/tg/update?a=1&b=%20x&a=2`,
        {
          method: 'PUT',
          headers: {
            'Content-Type': 'application/octet-stream',
            'X-Custom': 'v',
            Connection: 'keep-alive, X-Hop',
            'X-Hop': 'dropped',
          },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end(payload)
    })
    expect(status).toBe(202)
    const [m] = await envelopes(inst.subject)
    expect(m!.env).toMatchObject({
      installationId: inst.id,
      webhookId: inst.webhookId,
      method: 'PUT',
      path: '/tg/update',
      query: 'a=1&b=%20x&a=2',
      bodyBase64: payload.toString('base64'),
    })
    expect(m!.env.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'x-custom': 'v' })
    expect(m!.env.headers).not.toHaveProperty('connection')
    expect(m!.env.headers).not.toHaveProperty('x-hop')
    expect(Date.parse(m!.env.receivedAt)).not.toBeNaN()
    // The reply subject and the trace context travel in the NATS headers.
    expect(m!.header(REPLY_TO_HEADER)).toMatch(/^_INBOX\./)
    const traceparent = m!.header('traceparent')
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
    const publish = spans.getFinishedSpans().find((s) => s.name === 'webhook publish')
    expect(publish).toBeDefined()
    expect(traceparent!.split('-')[1]).toBe(publish!.spanContext().traceId)
    expect(traceparent!.split('-')[2]).toBe(publish!.spanContext().spanId)
  })

  it('handles hostile and odd input', async () => {
    const inst = await installation({ syncTimeoutMs: 50 })
    // Not a webhook ID of ours: 404, and nothing is looked up or stored.
    for (const path of ['/', '/%00', `/${'x'.repeat(8000)}`, '/wh_%2F..']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body: '{}' })
      expect(res.status, path).toBe(404)
    }
    // fetch would normalise dot segments away; a raw request keeps them, as an attacker would.
    for (const path of [
      '/..',
      `/../${inst.webhookId}`,
      `/%2e%2e/${inst.webhookId}`,
      `/./${inst.webhookId}`,
    ]) {
      const res = await raw(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      )
      expect(res, path).toMatch(/^HTTP\/1\.1 404/)
    }
    expect(await raw('OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 404/)
    // A path with `..` after a real ID is data for the handler, carried verbatim, never resolved.
    const dotted = await raw(
      `POST /${inst.webhookId}/a/../../etc/passwd HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    )
    expect(dotted).toMatch(/^HTTP\/1\.1 202/)
    // A request without a body.
    expect((await fetch(`${base}/${inst.webhookId}`)).status).toBe(202)
    const got = await waitFor('two envelopes', async () => {
      const e = await envelopes(inst.subject)
      return e.length === 2 ? e : null
    })
    expect(got.map((e) => [e.env.method, e.env.path, e.env.bodyBase64])).toEqual([
      ['POST', '/a/../../etc/passwd', Buffer.from('{}').toString('base64')],
      ['GET', '/', ''],
    ])
  })

  it('answers 503 with Retry-After while JetStream has no stream for the subject', async () => {
    const inst = await installation({ syncTimeoutMs: 50 })
    const jsm = await jetstreamManager(h.nats.nc)
    await jsm.streams.delete(h.nats.names.streams.webhooks)
    try {
      const res = await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
    } finally {
      await ensureStreams(h.nats.nc, h.nats.names)
    }
    expect((await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status).toBe(202)
  })

  it('answers 413, not 503, for a body under the limit whose message NATS would refuse', async () => {
    const max = h.nats.nc.info!.max_payload
    const big = await startIngress(
      loadConfig(ingressEnv, {
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        ADMIN_GRPC_URL: `127.0.0.1:${h.api.grpcPort}`,
        WEBHOOK_RESOLVER_TOKEN: h.config.WEBHOOK_RESOLVER_TOKEN!,
        NATS_URL: h.nats.url,
        NATS_PREFIX: h.nats.prefix,
        BODY_LIMIT_BYTES: String(max * 4),
        LOG_LEVEL: 'silent',
      }),
      createLogger({ service: 'ingress', level: 'silent' }),
    )
    try {
      const url = `http://127.0.0.1:${big.port}`
      await waitFor('second ingress ready', async () => (await fetch(`${url}/readyz`)).ok)
      const inst = await installation({ syncTimeoutMs: 50 })
      // Base64 makes the envelope a third larger than the body.
      const res = await fetch(`${url}/${inst.webhookId}`, { method: 'POST', body: Buffer.alloc(max, 'x') })
      expect(res.status).toBe(413)
      // The answer says why a body under BODY_LIMIT_BYTES is refused, and what fits.
      expect(await res.text()).toContain(`max_payload of ${max} bytes (bodies up to about`)
      expect(await stored(inst.subject)).toBe(0)
    } finally {
      await big.stop()
    }
  })

  it('keeps serving when a caller hangs up while waiting for the answer', async () => {
    const inst = await installation({ syncTimeoutMs: 10_000 })
    const abortedBefore = await outcomes('aborted')
    const req = request(`${base}/${inst.webhookId}`, { method: 'POST' })
    const gone = new Promise((resolve) => req.on('error', resolve))
    req.end('{}')
    // Hang up once the delivery is stored, i.e. while ingress waits for the handler's answer.
    await waitFor('stored', async () => (await stored(inst.subject)) === 1)
    req.destroy()
    await gone
    await waitFor('the hang-up counted', async () => (await outcomes('aborted')) > abortedBefore)
    // Stored all the same: the provider's request was accepted by the stream before it hung up.
    expect(await stored(inst.subject)).toBe(1)
    const stop = await respond(inst.subject, () => ({ status: 201, headers: {}, bodyBase64: '' }))
    try {
      expect((await fetch(`${base}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status).toBe(201)
    } finally {
      stop()
    }
  })

  it('stops promptly, answering 202 to a caller still waiting for the answer', async () => {
    const other = await startIngress(
      loadConfig(ingressEnv, {
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        ADMIN_GRPC_URL: `127.0.0.1:${h.api.grpcPort}`,
        WEBHOOK_RESOLVER_TOKEN: h.config.WEBHOOK_RESOLVER_TOKEN!,
        NATS_URL: h.nats.url,
        NATS_PREFIX: h.nats.prefix,
        LOG_LEVEL: 'silent',
      }),
      createLogger({ service: 'ingress', level: 'silent' }),
    )
    const url = `http://127.0.0.1:${other.port}`
    await waitFor('other ingress ready', async () => (await fetch(`${url}/readyz`)).ok)
    const inst = await installation({ syncTimeoutMs: 20_000 })
    const pending = fetch(`${url}/${inst.webhookId}`, { method: 'POST', body: '{}' })
    await waitFor('stored', async () => (await stored(inst.subject)) === 1)
    const t0 = Date.now()
    await other.stop()
    expect(Date.now() - t0).toBeLessThan(5000)
    const res = await pending
    expect(res.status).toBe(202)
  })
})
