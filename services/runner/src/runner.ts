/**
 * The program inside a sandbox (ARCHITECTURE.md §6): loads one CommonJS bundle built with
 * `@botpress/sdk` and serves the invocation protocol on 127.0.0.1 (or `SB_RUNNER_HOST` in a pod).
 *
 * It is bundled into one file (`buildRunner`) and runs under Node's permission model, allowed to read
 * only itself and the bundle, so it uses Node built-ins only and reads its settings straight from the
 * environment (packages/config would pull zod in). Settings are removed from `process.env` before the
 * bundle loads.
 */
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { installIdempotencyKeys, runInvocation } from './idempotency.js'
import { connectBridgesDirectly, openBridges } from './loopback-bridges.js'
import {
  DEFAULT_BODY_LIMIT_BYTES,
  INVOKE_HEADERS,
  parseBridges,
  RUNNER_ENV,
  RUNNER_EXIT,
  type ReadyLine,
} from './protocol.js'

/** The request the SDK's `handler` takes (as `@botpress/sdk`'s own `serve` builds it). */
interface SdkRequest {
  body?: string
  path: string
  query: string
  method: string
  headers: Record<string, string | undefined>
}

/** What the SDK's `handler` resolves to. */
interface SdkResponse {
  status?: number
  headers?: Record<string, string | undefined>
  body?: unknown
}

type Handler = (req: SdkRequest) => Promise<SdkResponse | void> | SdkResponse | void

interface Settings {
  /** Where the bundle is read from; empty when it is downloaded from `bundleUrl`. */
  bundlePath: string
  bundleUrl: string
  workDir: string
  sha256: string
  host: string
  port: number
  bodyLimitBytes: number
  /** Serve on this Unix socket instead of host:port. */
  socket: string
  bridges: Array<{ port: number; socket: string }>
}

function log(message: string): void {
  process.stderr.write(`runner: ${message}\n`)
}

function exit(code: number, message: string): never {
  log(message)
  process.exit(code)
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const bundleUrl = env[RUNNER_ENV.bundleUrl] ?? ''
  if (bundleUrl && !/^https?:\/\/\S+$/.test(bundleUrl)) {
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.bundleUrl} must be an http(s) URL`)
  }
  const bundlePath = env[RUNNER_ENV.bundlePath] ?? ''
  if (!bundleUrl && !bundlePath.startsWith('/')) {
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.bundlePath} must be an absolute path`)
  }
  const workDir = env[RUNNER_ENV.workDir] || tmpdir()
  if (!workDir.startsWith('/'))
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.workDir} must be an absolute path`)
  const sha256 = env[RUNNER_ENV.bundleSha256]?.toLowerCase()
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) {
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.bundleSha256} must be 64 hex digits`)
  }
  const port = Number(env[RUNNER_ENV.port] || 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.port} must be a port number`)
  }
  const bodyLimitBytes = Number(env[RUNNER_ENV.bodyLimitBytes] || DEFAULT_BODY_LIMIT_BYTES)
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes <= 0) {
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.bodyLimitBytes} must be a positive integer`)
  }
  const host = env[RUNNER_ENV.host] || '127.0.0.1'
  const socket = env[RUNNER_ENV.socket] ?? ''
  if (socket && !socket.startsWith('/'))
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.socket} must be an absolute path`)
  let bridges: Settings['bridges'] = []
  try {
    bridges = parseBridges(env[RUNNER_ENV.bridges] ?? '')
  } catch (err) {
    exit(RUNNER_EXIT.invalidSettings, `${RUNNER_ENV.bridges}: ${(err as Error).message}`)
  }
  return { bundlePath, bundleUrl, workDir, sha256, host, port, bodyLimitBytes, socket, bridges }
}

/** The bundle's bytes as stored: read from its path, or downloaded from its URL. */
async function readBundle(s: Settings): Promise<Buffer> {
  if (!s.bundleUrl) {
    try {
      return readFileSync(s.bundlePath)
    } catch (err) {
      exit(RUNNER_EXIT.invalidBundle, `cannot read the bundle ${s.bundlePath}: ${String(err)}`)
    }
  }
  // A download that fails is worth retrying (the pod restarts); a wrong sha256 is not.
  let res: Response
  try {
    res = await fetch(s.bundleUrl, { redirect: 'follow', signal: AbortSignal.timeout(60_000) })
  } catch (err) {
    log(`cannot download the bundle from ${s.bundleUrl}: ${String(err)}`)
    process.exit(1)
  }
  if (!res.ok) {
    log(`cannot download the bundle from ${s.bundleUrl}: HTTP ${res.status}`)
    process.exit(1)
  }
  return Buffer.from(await res.arrayBuffer())
}

/**
 * Checks the bundle's bytes against the expected sha256, then loads it and returns its handler. A
 * downloaded or gzip'd bundle is written, once checked (and unzipped), to the work directory first.
 */
function loadHandler(s: Settings, bytes: Buffer): Handler {
  const actual = createHash('sha256').update(bytes).digest('hex')
  if (actual !== s.sha256) {
    exit(
      RUNNER_EXIT.invalidBundle,
      `bundle sha256 mismatch: expected ${s.sha256}, got ${actual}; not loading it`,
    )
  }
  let path = s.bundlePath
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b
  if (gzipped || s.bundleUrl) {
    let source = bytes
    if (gzipped) {
      try {
        source = gunzipSync(bytes)
      } catch (err) {
        exit(RUNNER_EXIT.invalidBundle, `the bundle is not valid gzip: ${String(err)}`)
      }
    }
    path = join(s.workDir, `bundle-${s.sha256}.cjs`)
    try {
      // A restarted container finds its earlier copy in the pod's emptyDir: replace it.
      rmSync(path, { force: true })
      writeFileSync(path, source, { mode: 0o400 })
    } catch (err) {
      exit(RUNNER_EXIT.invalidSettings, `cannot write the bundle to ${s.workDir}: ${String(err)}`)
    }
  }
  let mod: { default?: unknown }
  try {
    mod = createRequire(path)(path) as { default?: unknown }
  } catch (err) {
    exit(
      RUNNER_EXIT.invalidBundle,
      `the bundle threw while loading: ${err instanceof Error ? err.stack : String(err)}`,
    )
  }
  const impl = (mod.default ?? mod) as { handler?: unknown }
  if (typeof impl?.handler !== 'function') {
    exit(
      RUNNER_EXIT.invalidBundle,
      'the bundle has no handler: its default export must have a .handler function',
    )
  }
  return impl.handler as Handler
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body)
}

function errorBody(code: number, type: string, message: string): string {
  return JSON.stringify({ code, type, message })
}

/** Reads the body, discarding it once it passes the limit (then resolves undefined). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else chunks.length = 0
    })
    req.on('error', reject)
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks).toString('utf8') : undefined))
  })
}

/** Headers as the SDK's own server builds them: lower-cased names, from the raw list. */
function sdkHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    out[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!
  }
  return out
}

function responseBody(body: unknown): string | Buffer {
  if (body === undefined || body === null) return '{}'
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body
  return JSON.stringify(body)
}

function responseHeaders(headers: SdkResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = String(v)
  return out
}

async function serveCall(handler: Handler, s: Settings, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://runner')
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, '{"ok":true}')
  if (req.method !== 'POST') {
    return send(res, 405, errorBody(405, 'MethodNotAllowed', 'only POST'), { allow: 'POST' })
  }
  const body = await readBody(req, s.bodyLimitBytes)
  if (body === undefined) {
    return send(res, 413, errorBody(413, 'PayloadTooLarge', `body over ${s.bodyLimitBytes} bytes`))
  }
  const sdkReq: SdkRequest = {
    body,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    method: 'POST',
    headers: sdkHeaders(req),
  }
  let out: SdkResponse | void
  try {
    out = await runInvocation(sdkReq.headers[INVOKE_HEADERS.deliveryId], () => handler(sdkReq))
  } catch (err) {
    log(`the handler threw: ${err instanceof Error ? err.stack : String(err)}`)
    const message = err instanceof Error ? err.message : String(err)
    return send(res, 500, errorBody(500, 'Runtime', message))
  }
  const status = out?.status ?? 200
  try {
    res.writeHead(status, responseHeaders(out?.headers)).end(responseBody(out?.body))
  } catch (err) {
    log(`the handler's response is not valid HTTP: ${String(err)}`)
    send(res, 500, errorBody(500, 'Runtime', `invalid handler response: ${String(err)}`))
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.env)
  for (const name of Object.values(RUNNER_ENV)) delete process.env[name]
  // A forgotten promise in a handler must not take down the calls in flight beside it.
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${String(reason)}`))

  await openBridges(settings.bridges, (message) => exit(RUNNER_EXIT.invalidSettings, message))
  connectBridgesDirectly(settings.bridges)
  // The bundle's own environment names the Runtime API it writes to (ARCHITECTURE.md §6).
  installIdempotencyKeys(process.env.BP_API_URL)
  const handler = loadHandler(settings, await readBundle(settings))
  const server = createServer((req, res) => {
    serveCall(handler, settings, req, res).catch((err: unknown) => {
      log(`request failed: ${String(err)}`)
      if (!res.headersSent) send(res, 500, errorBody(500, 'Runtime', 'request failed'))
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 65_000
  const announce = () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : settings.port
    const ready: ReadyLine = settings.socket
      ? { ready: true, socket: settings.socket }
      : { ready: true, port }
    process.stdout.write(`${JSON.stringify(ready)}\n`)
  }
  if (settings.socket) server.listen(settings.socket, announce)
  else server.listen(settings.port, settings.host, announce)
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
  // Orphaned (the driver died without killing us): nobody will call again, so stop.
  const parent = process.ppid
  setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref()
}

void main()
