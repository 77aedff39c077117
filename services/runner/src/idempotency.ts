/**
 * Effects once (docs/adr/0006-effects-once.md): while a handler runs for an invocation that carries a
 * delivery id, every write it sends to the Runtime API carries an `Idempotency-Key` derived from that
 * id and the request itself, so a handler re-run for the same delivery (after a crash, a timeout, a
 * redelivery) gets the first run's results back instead of creating anything twice.
 *
 * The bundle is unmodified: its @botpress/client (axios over node:http/https, or fetch) is reached by
 * wrapping `http.request`, `https.request` and `fetch` for requests to `BP_API_URL`'s origin. The
 * invocation is found through AsyncLocalStorage, so concurrent invocations in one process keep their
 * own keys. Node built-ins only: this file is bundled into the runner.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'
import http, { type ClientRequest } from 'node:http'
import https from 'node:https'
import { IDEMPOTENCY_KEY_HEADER } from './protocol.js'

/** Where each numbered send of one request fingerprint stands within an invocation. */
type Slot = 'in flight' | 'answered' | 'failed'

/** One invocation's delivery id, and the sends of each request fingerprint made during it. */
export interface Invocation {
  /** The delivery id, hashed (each key starts with it). */
  delivery: string
  sends: Map<string, Slot[]>
}

/** A key taken for one send, and how to report the send's outcome. */
interface TakenKey {
  key: string
  /** `answered`: the API gave a final answer; `failed`: no answer, or one worth retrying (5xx, 429). */
  settle(outcome: 'answered' | 'failed'): void
}

const current = new AsyncLocalStorage<Invocation>()
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A delivery id the runner accepts: printable ASCII without spaces, at most 200 characters. */
export function isDeliveryId(v: string | undefined): v is string {
  return v !== undefined && /^[\x21-\x7e]{1,200}$/.test(v)
}

/** Runs `fn` as the invocation of `deliveryId` (no delivery id: its requests carry no key). */
export function runInvocation<T>(deliveryId: string | undefined, fn: () => T): T {
  if (!isDeliveryId(deliveryId)) return fn()
  return current.run(newInvocation(deliveryId), fn)
}

/** A fresh invocation of `deliveryId`, before any send. */
export function newInvocation(deliveryId: string): Invocation {
  return { delivery: createHash('sha256').update(deliveryId).digest('hex').slice(0, 32), sends: new Map() }
}

/**
 * The key of one write: the delivery, the request (method, path, body) and which send of that request
 * this is. The client's own retry of a send that failed (a network error, a 502) takes the failed
 * send's number, so it carries the same key; a further identical write, made after or beside the
 * first, takes the next number. A re-run that sends the same requests gets the same keys, in whatever
 * order its concurrent calls go out.
 */
export function takeKey(inv: Invocation, method: string, path: string, body: Buffer): TakenKey {
  const fingerprint = createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n`)
    .update(body)
    .digest('hex')
    .slice(0, 32)
  const slots = inv.sends.get(fingerprint) ?? []
  inv.sends.set(fingerprint, slots)
  let i = slots.indexOf('failed')
  if (i < 0) i = slots.push('in flight') - 1
  else slots[i] = 'in flight'
  return {
    key: `sb1-${inv.delivery}-${fingerprint}-${i + 1}`,
    settle: (outcome) => {
      if (slots[i] === 'in flight') slots[i] = outcome
    },
  }
}

/** Whether an HTTP status is a final answer (the client would not retry it). */
function outcomeOf(status: number | undefined): 'answered' | 'failed' {
  return status !== undefined && status < 500 && status !== 429 ? 'answered' : 'failed'
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
}

type Callback = (err?: Error | null) => void

/**
 * Holds back the body of `req` until `end`, then sets its key and sends it in one write. Headers go
 * out with the first write, so the key (which depends on the body) must be set before any.
 */
function keyOnEnd(req: ClientRequest, inv: Invocation): void {
  const chunks: Buffer[] = []
  const write = req.write
  const end = req.end
  req.write = function (chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    chunks.push(toBuffer(chunk, encoding))
    const done = (typeof encoding === 'function' ? encoding : cb) as Callback | undefined
    if (done) process.nextTick(done)
    return true
  } as ClientRequest['write']
  req.end = function (chunk?: unknown, encoding?: unknown, cb?: unknown): ClientRequest {
    if (typeof chunk === 'function') [cb, chunk] = [chunk, undefined]
    else if (typeof encoding === 'function') [cb, encoding] = [encoding, undefined]
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding))
    const body = Buffer.concat(chunks)
    req.write = write
    req.end = end
    if (!req.headersSent) {
      const taken = takeKey(inv, req.method, req.path, body)
      req.setHeader(IDEMPOTENCY_KEY_HEADER, taken.key)
      req.once('response', (res: http.IncomingMessage) => taken.settle(outcomeOf(res.statusCode)))
      req.once('close', () => taken.settle('failed'))
    }
    if (body.length) req.write(body)
    return req.end(cb as Callback | undefined)
  } as ClientRequest['end']
}

function wrapRequest(mod: typeof http | typeof https, protocol: string, apiHost: string): void {
  const original = mod.request
  mod.request = function (this: unknown, ...args: unknown[]): ClientRequest {
    const req = (original as (...a: unknown[]) => ClientRequest).apply(this, args)
    const inv = current.getStore()
    if (
      inv &&
      WRITES.has(req.method) &&
      req.protocol === protocol &&
      req.getHeader('host') === apiHost &&
      req.getHeader(IDEMPOTENCY_KEY_HEADER) === undefined
    ) {
      keyOnEnd(req, inv)
    }
    return req
  } as typeof mod.request
}

function wrapFetch(apiOrigin: string): void {
  const original = globalThis.fetch
  if (typeof original !== 'function') return
  globalThis.fetch = function (input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const inv = current.getStore()
    if (!inv || input instanceof Request) return original(input, init)
    const url = new URL(String(input))
    const method = (init?.method ?? 'GET').toUpperCase()
    // Anything but a write to the Runtime API goes out untouched, before its body or headers are read.
    if (url.origin !== apiOrigin || !WRITES.has(method)) return original(input, init)
    const body = init?.body
    const bytes =
      body === undefined || body === null
        ? Buffer.alloc(0)
        : typeof body === 'string' || body instanceof Uint8Array
          ? toBuffer(body)
          : undefined
    const headers = new Headers(init?.headers)
    if (!bytes || headers.has(IDEMPOTENCY_KEY_HEADER)) {
      return original(input, init)
    }
    const taken = takeKey(inv, method, url.pathname + url.search, bytes)
    headers.set(IDEMPOTENCY_KEY_HEADER, taken.key)
    return original(input, { ...init, headers }).then(
      (res) => {
        taken.settle(outcomeOf(res.status))
        return res
      },
      (err: unknown) => {
        taken.settle('failed')
        throw err
      },
    )
  }
}

/**
 * Makes writes to the Runtime API at `apiUrl` carry idempotency keys while an invocation with a
 * delivery id runs (see `runInvocation`). Requests elsewhere, reads, and requests that set their own
 * key are left alone.
 */
export function installIdempotencyKeys(apiUrl: string | undefined): void {
  if (!apiUrl) return
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    return
  }
  wrapRequest(http, 'http:', url.host)
  wrapRequest(https, 'https:', url.host)
  wrapFetch(url.origin)
}
