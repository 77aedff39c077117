import { createHmac, timingSafeEqual } from 'node:crypto'

/** The header carrying a request's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-switchboard-signature'

/** How far a signed request's time may be from the receiver's clock (replay window). */
export const SIGNATURE_TOLERANCE_S = 300

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

/**
 * Signs a request to an external bot endpoint: HMAC-SHA256 with the bot's signing secret over
 * `<timestamp>.<raw body>`, sent as `x-switchboard-signature: t=<timestamp>,v1=<hex>`.
 */
export function signRequest(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000)
  return `t=${t},v1=${mac(secret, t, body)}`
}

/**
 * Checks a signature header against the raw body, in constant time, rejecting timestamps more than
 * `toleranceS` away from now (replays). For bot servers written in TypeScript; the scheme is simple
 * enough to reimplement in any language (docs/bots.md).
 */
export function verifyRequest(
  secret: string,
  body: string,
  header: string | undefined,
  opts: { now?: number; toleranceS?: number } = {},
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '')
  if (!m) return false
  const t = Number(m[1])
  const now = Math.floor((opts.now ?? Date.now()) / 1000)
  if (Math.abs(now - t) > (opts.toleranceS ?? SIGNATURE_TOLERANCE_S)) return false
  return timingSafeEqual(Buffer.from(mac(secret, t, body), 'hex'), Buffer.from(m[2]!, 'hex'))
}
