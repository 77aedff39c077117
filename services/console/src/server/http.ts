import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { asSwitchboardError, InvalidInputError, PayloadTooLargeError, toHttpError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { Registry } from '@switchboard/telemetry'
import { healthHandler } from '@switchboard/service'
import { decodePart, route, type consoleApi } from './api.js'
import type { LiveFeed } from './live-feed.js'
import type { Role } from './roles.js'

/** What the console's HTTP server needs. */
export interface ConsoleServerOptions {
  routes: ReturnType<typeof consoleApi>
  feed: LiveFeed
  roleOf: (authorization?: string) => Role
  assetsDir: string
  registry: Registry
  logger: Logger
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
}
const BODY_LIMIT = 64 * 1024

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(json),
  })
  res.end(json)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length
    if (size > BODY_LIMIT) throw new PayloadTooLargeError(`request body is larger than ${BODY_LIMIT} bytes`)
    chunks.push(c)
  }
  if (!size) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch (err) {
    throw new InvalidInputError('body: malformed JSON', { cause: err })
  }
}

/**
 * The console's HTTP server: `/api/*` (JSON, bearer token → role), `/api/live` (server-sent events of
 * handler calls), the health endpoints, and the built web app (index.html for every other path).
 */
export function createConsoleServer(opts: ConsoleServerOptions): Server {
  const health = healthHandler({ registry: opts.registry, logger: opts.logger })
  const root = normalize(opts.assetsDir)
  return createServer((req, res) => {
    if (health(req, res)) return
    const url = new URL(req.url ?? '/', 'http://console')
    if (url.pathname.startsWith('/api/')) return void api(req, res, url)
    void asset(res, url.pathname)
  })

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const role = opts.roleOf(req.headers.authorization)
      if (req.method === 'GET' && url.pathname === '/api/live') return live(req, res)
      const { handler, params } = route(opts.routes, req.method ?? 'GET', url.pathname)
      const body = req.method === 'POST' ? await readJson(req) : undefined
      sendJson(res, 200, await handler({ role, params, query: url.searchParams, body }))
    } catch (err) {
      const { status, body } = toHttpError(asSwitchboardError(err))
      if (status >= 500) opts.logger.error({ err, path: url.pathname }, 'console request failed')
      sendJson(res, status, body)
    }
  }

  function live(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write(': live\n\n')
    const stop = opts.feed.subscribe((e) => res.write(`event: call\ndata: ${JSON.stringify(e)}\n\n`))
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000)
    req.once('close', () => {
      clearInterval(ping)
      stop()
    })
  }

  async function asset(res: ServerResponse, pathname: string): Promise<void> {
    let file: string
    try {
      file = normalize(join(root, decodePart(pathname)))
    } catch (err) {
      const { status, body } = toHttpError(asSwitchboardError(err))
      return sendJson(res, status, body)
    }
    const inside = file.startsWith(root + sep) && extname(file) !== ''
    try {
      const body = await readFile(inside ? file : join(root, 'index.html'))
      const type = inside ? (TYPES[extname(file)] ?? 'application/octet-stream') : TYPES['.html']!
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': type,
        'cache-control':
          inside && pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
      res.end(body)
    } catch {
      if (inside)
        return sendJson(res, 404, { code: 404, type: 'NotFound', message: `no such file ${pathname}` })
      sendJson(res, 503, {
        code: 503,
        type: 'Unavailable',
        message: 'the web app is not built (npm run build -w @switchboard/console)',
      })
    }
  }
}
