import type { WebhookEnvelope, WebhookReply } from '@switchboard/nats'

/** Headers that describe one connection, not the request (RFC 9110 §7.6.1); never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/**
 * The request's end-to-end headers from node's `rawHeaders`: lower-cased names, repeated headers
 * joined (`; ` for cookies, `, ` otherwise), hop-by-hop headers and those named by `Connection`
 * removed. The object has no prototype, so a header called `__proto__` is just a header.
 */
export function endToEndHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  let connection: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const value = raw[i + 1]!
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection') connection = connection ? `${connection},${value}` : value
      continue
    }
    const prev = out[name]
    out[name] = prev === undefined ? value : `${prev}${name === 'cookie' ? '; ' : ', '}${value}`
  }
  if (connection) for (const t of connection.split(',')) delete out[t.trim().toLowerCase()]
  return out
}

/** The JSON published to SB_WEBHOOKS for one request (see `WebhookEnvelope`). */
export function encodeEnvelope(e: WebhookEnvelope): string {
  return JSON.stringify(e)
}

/** Headers a relayed reply may not set: framing is ours, and hop-by-hop headers are per connection. */
const NOT_RELAYED = new Set([...HOP_BY_HOP, 'content-length', 'date'])

/**
 * Parses and checks a handler's reply. Returns `undefined` for anything that is not a well-formed
 * `WebhookReply` (the caller then answers as if no reply came: the work was accepted regardless).
 */
export function decodeReply(data: Uint8Array): WebhookReply | undefined {
  let r: unknown
  try {
    r = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'))
  } catch {
    return undefined
  }
  if (r === null || typeof r !== 'object') return undefined
  const { status, headers, bodyBase64 } = r as Partial<WebhookReply>
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
    return undefined
  const out: Record<string, string> = {}
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object') return undefined
    for (const [k, v] of Object.entries(headers)) {
      const name = k.toLowerCase()
      if (typeof v === 'string' && !NOT_RELAYED.has(name)) out[name] = v
    }
  }
  if (bodyBase64 !== undefined && typeof bodyBase64 !== 'string') return undefined
  return { status, headers: out, bodyBase64: bodyBase64 ?? '' }
}
