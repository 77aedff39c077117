import { createServer, type Server } from 'node:http'
import type { Logger } from '@switchboard/logging'
import type { Registry } from '@switchboard/telemetry'

/** Options of the health and metrics server. */
export interface HealthServerOptions {
  logger: Logger
  metrics: Registry
  /** Readiness: resolves true when the service can do its work (database reachable). */
  ready: () => Promise<boolean>
}

function json(res: import('node:http').ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** The HTTP side of the service: `GET /healthz`, `/readyz` and `/metrics`, nothing else. */
export function createHealthServer(opts: HealthServerOptions): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { status: 'method not allowed' })
    if (path === '/healthz') return json(res, 200, { status: 'ok' })
    if (path === '/readyz') {
      void opts
        .ready()
        .catch(() => false)
        .then((ok) => json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' }))
      return
    }
    if (path === '/metrics') {
      void opts.metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': opts.metrics.contentType }).end(text),
        (err: unknown) => {
          opts.logger.error({ err }, 'metrics collection failed')
          json(res, 500, { status: 'error' })
        },
      )
      return
    }
    json(res, 404, { status: 'not found' })
  })
}

/** Listens on `host:port` (0 = any free port) and returns the bound port. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as { port: number }).port)
    })
  })
}

/** Stops accepting connections and closes idle keep-alive ones; resolves when the server is closed. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeIdleConnections()
  })
}
