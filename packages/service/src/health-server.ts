import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Logger } from '@switchboard/logging'
import type { Registry } from '@switchboard/telemetry'

/** The paths the health handler answers; everything else is the service's own. */
export const HEALTH_PATHS = ['/healthz', '/readyz', '/metrics'] as const

/** What the health and metrics endpoints need. */
export interface HealthOptions {
  /** The service's Prometheus registry, served on `/metrics`. */
  registry: Registry
  logger: Logger
  /** Readiness: true when the service can do its work. A throw counts as not ready. Default: ready. */
  ready?: () => boolean | Promise<boolean>
}

const JSON_TYPE = 'application/json'
const BODIES = {
  ok: Buffer.from('{"status":"ok"}'),
  ready: Buffer.from('{"status":"ready"}'),
  notReady: Buffer.from('{"status":"not ready"}'),
  notFound: Buffer.from('{"status":"not found"}'),
  methodNotAllowed: Buffer.from('{"status":"method not allowed"}'),
  error: Buffer.from('{"status":"error"}'),
}

function send(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, ['content-type', JSON_TYPE, 'content-length', String(body.length)])
  res.end(body)
}

/**
 * The one implementation of `/healthz` (always `{"status":"ok"}`), `/readyz` (`{"status":"ready"}` or
 * 503 `{"status":"not ready"}`) and `/metrics` (Prometheus text format). Returns a request handler
 * that answers those paths and returns false for any other, so a service can mount it on its own
 * server (ingress, chat-api) or serve it alone with `startHealthServer`.
 */
export function healthHandler(opts: HealthOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    if (!(HEALTH_PATHS as readonly string[]).includes(path)) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, BODIES.methodNotAllowed)
      return true
    }
    if (path === '/healthz') send(res, 200, BODIES.ok)
    else if (path === '/readyz') {
      Promise.resolve()
        .then(() => (opts.ready ? opts.ready() : true))
        .catch(() => false)
        .then((ok) => send(res, ok ? 200 : 503, ok ? BODIES.ready : BODIES.notReady))
    } else {
      opts.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': opts.registry.contentType })
          res.end(text)
        },
        (err: unknown) => {
          opts.logger.error({ err }, 'metrics collection failed')
          send(res, 500, BODIES.error)
        },
      )
    }
    return true
  }
}

/** A running health server. */
export interface HealthServer {
  port: number
  /** Stops accepting connections, closes idle ones, and resolves when closed. */
  close(): Promise<void>
}

/**
 * Serves `healthHandler` alone on `host:port` (0 = any free port): for services whose main port is
 * gRPC or none (secrets, dispatcher, operator). Other paths are 404.
 */
export function startHealthServer(
  opts: HealthOptions & { host: string; port: number },
): Promise<HealthServer> {
  const handle = healthHandler(opts)
  const server = createServer((req, res) => {
    if (!handle(req, res)) send(res, 404, BODIES.notFound)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve({
        port: (server.address() as { port: number }).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()))
            server.closeIdleConnections()
          }),
      })
    })
  })
}
