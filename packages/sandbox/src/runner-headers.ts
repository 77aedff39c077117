import { validateHeaderName, validateHeaderValue, type IncomingHttpHeaders } from 'node:http'

/** Request headers a driver sets itself; a caller's values for them are dropped. */
const OWN_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'expect',
])
/** Hop-by-hop and framing headers that describe the connection to the runner, not the handler's answer. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
  'upgrade',
])

/**
 * The headers of a call to a runner: `content-type: application/json` plus the caller's, lower-cased,
 * without the ones the driver sets itself. Throws (node's own error) on a name or value HTTP forbids.
 */
export function runnerRequestHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { 'content-type': 'application/json' }
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase()
    if (OWN_HEADERS.has(name)) continue
    validateHeaderName(name)
    validateHeaderValue(name, v)
    out[name] = v
  }
  return out
}

/** The handler's answer headers as the runner sent them, without hop-by-hop and framing headers. */
export function runnerResponseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_HEADERS.has(k)) continue
    out[k] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}
