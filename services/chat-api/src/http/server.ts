import Fastify, { type FastifyInstance } from 'fastify'
import {
  checkUntrustedInput,
  PayloadTooLargeError,
  InvalidInputError,
  NotFoundError,
  toHttpError,
  type SwitchboardError,
} from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { HEALTH_PATHS, healthHandler } from '@switchboard/service'
import type { Registry } from '@switchboard/telemetry'
import type { ChatApiMetrics } from '../metrics.js'
import type { ChatDeps } from '../chat/deps.js'
import { parseQuery, queryError } from './query.js'
import { registerBotAnalyticsRoutes } from './routes/bot-analytics.js'
import { registerRuntimeRoutes } from './runtime-routes.js'
import type { StorageDeps } from '../files/deps.js'
import { registerFilesRoutes } from '../files/routes.js'
import { registerTablesRoutes } from '../tables/routes.js'

/** Options of the Runtime HTTP server. */
export interface HttpServerOptions {
  deps: ChatDeps
  /** The Files and Tables APIs' dependencies. */
  storage: StorageDeps
  logger: Logger
  metrics: Registry
  /** Request counts by route template and status. */
  requests: ChatApiMetrics
  /** Largest request body accepted; larger is 413. */
  bodyLimitBytes: number
  /** Readiness: true when the service can do its work (database reachable, …). */
  ready: () => Promise<boolean>
}

/** Fastify's own errors (bad JSON, too large, wrong content type) as our typed errors. */
function fromFastifyError(
  err: { code?: string; statusCode?: number; message: string },
  bodyLimitBytes: number,
): SwitchboardError | undefined {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
    return new PayloadTooLargeError(
      `body: the request body is larger than the limit of ${bodyLimitBytes} bytes`,
    )
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new InvalidInputError('body: content-type must be application/json')
  if (err.code?.startsWith('FST_ERR_CTP_') || (err.statusCode === 400 && err.code)) {
    return new InvalidInputError(
      `body: ${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'$/, 'malformed JSON')}`,
    )
  }
  return undefined
}

/** How Fastify's JSON parser treats `__proto__` and `constructor` keys: refused (400). */
const POISONING = 'error' as const

/**
 * Replaces Fastify's JSON body parser with one that first decodes the body as strict UTF-8: Fastify's
 * own decodes bytes that are not UTF-8 (`FF`, a surrogate written as bytes `ED A0 80`) to U+FFFD and
 * stores them changed; this refuses them (400). The bytes then go to Fastify's own parser, so the
 * body limit (413), the empty-body and malformed-JSON answers and the poisoning checks are unchanged.
 */
function parseJsonStrictly(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser(POISONING, POISONING)
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    let text: string
    try {
      text = utf8.decode(body)
    } catch {
      done(new InvalidInputError('body: the request body is not valid UTF-8'), undefined)
      return
    }
    parse(req, text, done)
  })
}

/**
 * The Runtime HTTP API server (:8081): `/v1/chat/*`, `/healthz`, `/readyz`, `/metrics`. Errors of any
 * kind leave through one handler as `{id, code, type, message}`.
 */
export async function createHttpServer(opts: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: opts.bodyLimitBytes,
    routerOptions: { querystringParser: parseQuery },
    onProtoPoisoning: POISONING,
    onConstructorPoisoning: POISONING,
    logger: false,
  })
  parseJsonStrictly(app)

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    const mapped = fromFastifyError(err, opts.bodyLimitBytes) ?? err
    const { status, body } = toHttpError(mapped)
    if (status >= 500)
      opts.logger.error({ err, method: req.method, url: req.url.split('?')[0] }, 'request failed')
    void reply.code(status).send(body)
  })
  app.setNotFoundHandler((req, reply) => {
    const { status, body } = toHttpError(new NotFoundError(`route ${req.method} ${req.url.split('?')[0]}`))
    void reply.code(status).send(body)
  })

  // One check for every route (docs/limits.md): a URL that is not percent-encoded UTF-8 (a lone
  // surrogate arrives as one), and NUL bytes, lone surrogates, depth and string size in the path, the
  // query and the JSON body are a 400 naming the field, before any route sees them.
  app.addHook('onRequest', async (req) => {
    try {
      decodeURIComponent(req.url)
    } catch {
      throw new InvalidInputError('url: not valid percent-encoded UTF-8')
    }
    const refused = queryError(req.query)
    if (refused) throw refused
  })
  app.addHook('preValidation', async (req) => {
    checkUntrustedInput(req.params, 'path')
    checkUntrustedInput(req.query, 'query')
    checkUntrustedInput(req.body, 'body')
  })

  const health = healthHandler({ registry: opts.metrics, logger: opts.logger, ready: opts.ready })
  for (const url of HEALTH_PATHS) {
    app.get(url, (req, reply) => {
      reply.hijack()
      health(req.raw, reply.raw)
    })
  }
  // The route template (never the URL: it carries ids), or 'unmatched'.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url
    if (route && (HEALTH_PATHS as readonly string[]).includes(route)) return
    opts.requests.request(req.method, route ?? 'unmatched', reply.statusCode)
  })

  await app.register(async (scope) => registerRuntimeRoutes(scope, opts.deps), { prefix: '/v1/chat' })
  await app.register(async (scope) => registerBotAnalyticsRoutes(scope, opts.deps), { prefix: '/v1/admin' })
  await app.register(async (scope) => registerFilesRoutes(scope, opts.storage), { prefix: '/v1/files' })
  await app.register(async (scope) => registerTablesRoutes(scope, opts.storage), { prefix: '/v1/tables' })
  return app
}
