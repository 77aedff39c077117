import {
  createServer,
  validateHeaderName,
  validateHeaderValue,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { SpanKind } from '@opentelemetry/api'
import {
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  toHttpError,
  UnavailableError,
} from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { REPLY_TO_HEADER } from '@switchboard/nats'
import { healthHandler } from '@switchboard/service'
import { context, injectTraceHeaders, SpanStatusCode, trace, type Registry } from '@switchboard/telemetry'
import type { WebhookDelivery } from '../delivery/delivery.js'
import { decodeReply, encodeEnvelope, endToEndHeaders } from '../delivery/envelope.js'
import { messageId } from '../idempotency/idempotency.js'
import type { WebhookLookup, WebhookTarget } from '../lookup/lookup.js'
import { SPANS, tracer, type IngressMetrics, type Outcome } from '../telemetry.js'
import { readBody, RequestAbortedError } from './body.js'

/** What the ingress HTTP server needs. */
export interface IngressServerOptions {
  lookup: WebhookLookup
  delivery: WebhookDelivery
  metrics: IngressMetrics
  registry: Registry
  logger: Logger
  bodyLimitBytes: number
}

/** Seconds a provider is asked to wait before retrying when JetStream is unavailable. */
export const RETRY_AFTER_SECONDS = 5

const JSON_TYPE = 'application/json'
const NUL_ESCAPE = /%00/
const ACCEPTED = Buffer.from('{"status":"accepted"}')
const ACCEPTED_HEADERS = ['content-type', JSON_TYPE, 'content-length', String(ACCEPTED.length)]

/**
 * The ingress HTTP server (ARCHITECTURE.md §4): `ANY /<webhookId>[/<path...>]`, plus `/healthz`,
 * `/readyz` and `/metrics`. Built on node:http directly: this is the hot path of every webhook.
 */
export function createIngressServer(opts: IngressServerOptions): Server {
  const { lookup, delivery, metrics, registry, logger, bodyLimitBytes } = opts
  // Requests that sent `Expect: 100-continue`: we say "continue" only once we mean to read the body.
  const expectsContinue = new WeakSet<IncomingMessage>()
  const health = healthHandler({ registry, logger, ready: () => delivery.ready })

  const server = createServer({ requestTimeout: 60_000 }, (req, res) => route(req, res))
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    expectsContinue.add(req)
    route(req, res)
  })
  return server

  function route(req: IncomingMessage, res: ServerResponse): void {
    if (health(req, res)) return
    const url = req.url ?? ''
    const q = url.indexOf('?')
    const pathname = q < 0 ? url : url.slice(0, q)
    if (pathname.charCodeAt(0) !== 47 /* '/' */) return fail(res, new NotFoundError('route'), 'not_found')
    const slash = pathname.indexOf('/', 1)
    const id = slash < 0 ? pathname.slice(1) : pathname.slice(1, slash)
    const path = slash < 0 ? '/' : pathname.slice(slash)
    const query = q < 0 ? '' : url.slice(q + 1)
    // The one thing refused in what is relayed: a NUL byte in the path after the webhook ID or in the
    // query, which no handler can store. Bodies are the provider's bytes, relayed as they are
    // (docs/limits.md). A webhook ID that is not one is a 404, as any unknown ID.
    if (NUL_ESCAPE.test(path) || NUL_ESCAPE.test(query)) {
      return fail(
        res,
        new InvalidInputError('url: contains a NUL byte (%00), which is not allowed'),
        'invalid',
      )
    }
    webhook(req, res, id, path, query).catch((err: unknown) => {
      logger.error({ err }, 'webhook request failed')
      fail(res, err, 'error')
    })
  }

  async function webhook(
    req: IncomingMessage,
    res: ServerResponse,
    webhookId: string,
    path: string,
    query: string,
  ): Promise<void> {
    const receivedAt = new Date().toISOString()
    let target: WebhookTarget | null | undefined = lookup.cached(webhookId)
    metrics.lookup(target !== undefined)
    if (target === undefined) {
      try {
        target = await lookup.load(webhookId)
      } catch (err) {
        logger.warn({ err }, 'webhook lookup failed')
        return fail(res, err, 'unavailable')
      }
    }
    if (target === null) return fail(res, new NotFoundError('webhook not found'), 'not_found')
    const installationId = target.installationId

    const headers = endToEndHeaders(req.rawHeaders)
    const declared = headers['content-length']
    if (declared !== undefined && Number(declared) > bodyLimitBytes) {
      return fail(
        res,
        new PayloadTooLargeError(`request body is larger than ${bodyLimitBytes} bytes`),
        'too_large',
        installationId,
      )
    }
    if (expectsContinue.has(req)) res.writeContinue()
    let body: Buffer
    try {
      body = await readBody(req, bodyLimitBytes)
    } catch (err) {
      if (err instanceof RequestAbortedError) return outcome('aborted', installationId)
      return fail(res, err, 'too_large', installationId)
    }

    if (!delivery.ready)
      return fail(res, new UnavailableError('NATS is not connected'), 'unavailable', installationId)
    const key = target.idempotencyKey?.(headers, body)
    const msgID = key === undefined ? undefined : messageId(target.installationId, key)

    // Its ack and reply subjects are subscribed (the inbox's wildcard) before anything is published.
    const x = delivery.open()
    const data = Buffer.from(
      encodeEnvelope({
        installationId: target.installationId,
        webhookId,
        method: req.method ?? 'GET',
        path,
        query,
        headers,
        bodyBase64: body.toString('base64'),
        receivedAt,
      }),
    )
    let closed = false
    const onClose = () => {
      closed = true
      delivery.close(x)
    }
    res.once('close', onClose)
    // The caller may have gone before we listened ('close' already emitted).
    if (res.destroyed) onClose()
    const hdrs = delivery.newHeaders()
    hdrs.set(REPLY_TO_HEADER, x.replySubject)
    const span = tracer.startSpan(SPANS.publish, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': target.subject,
        'switchboard.installation_id': target.installationId,
      },
    })
    injectTraceHeaders(hdrs, trace.setSpan(context.active(), span))

    const started = performance.now()
    let duplicate: boolean
    try {
      ;({ duplicate } = await delivery.publish(x, target.subject, data, hdrs, msgID))
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'publish failed' })
      span.end()
      res.off('close', onClose)
      if (closed) return outcome('aborted', installationId)
      logger.warn({ err, installationId: target.installationId }, 'webhook publish failed')
      return fail(res, err, err instanceof PayloadTooLargeError ? 'too_large' : 'unavailable', installationId)
    }
    metrics.publishSeconds((performance.now() - started) / 1000)
    span.end()

    if (duplicate) {
      // The stream already holds this delivery; whoever handled it has answered the first caller.
      res.off('close', onClose)
      delivery.close(x)
      return accepted(res, 'duplicate', installationId)
    }
    const answer = await delivery.waitReply(x, target.syncTimeoutMs)
    res.off('close', onClose)
    if (closed) return outcome('aborted', installationId)
    if (answer === undefined) return accepted(res, 'accepted', installationId)
    const reply = decodeReply(answer)
    if (!reply) {
      logger.warn({ installationId: target.installationId }, 'ignoring a malformed webhook reply')
      return accepted(res, 'accepted', installationId)
    }
    const out = Buffer.from(reply.bodyBase64, 'base64')
    const relayed: Record<string, string> = {}
    for (const name in reply.headers) {
      const value = reply.headers[name]!
      try {
        validateHeaderName(name)
        validateHeaderValue(name, value)
        relayed[name] = value
      } catch {
        // A header node would refuse to send is dropped rather than failing the answer.
      }
    }
    relayed['content-length'] = String(out.length)
    res.writeHead(reply.status, relayed)
    res.end(out)
    outcome('relayed', installationId)
  }

  /** Counts how a request ended; `installationId` is '' when no installation was found. */
  function outcome(o: Outcome, installationId = ''): void {
    metrics.request(o, installationId)
  }

  function accepted(res: ServerResponse, o: Outcome, installationId: string): void {
    res.writeHead(202, ACCEPTED_HEADERS)
    res.end(ACCEPTED)
    outcome(o, installationId)
  }

  function fail(res: ServerResponse, err: unknown, o?: Outcome, installationId = ''): void {
    if (o) outcome(o, installationId)
    if (res.headersSent) {
      res.destroy()
      return
    }
    const { status, body } = toHttpError(err)
    const json = JSON.stringify(body)
    const headers: Record<string, string | number> = {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(json),
    }
    if (status === 503) headers['retry-after'] = RETRY_AFTER_SECONDS
    // We stopped reading the body: the connection cannot carry another request.
    if (status === 413) headers.connection = 'close'
    res.writeHead(status, headers)
    res.end(json)
  }
}
