import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a signed URL lets its holder do: upload one generation of a file, or download it. */
export type UrlGrant = { op: 'put'; fileId: string; generation: number } | { op: 'get'; fileId: string }

/** Signs and checks the upload and download URLs of files (HMAC-SHA256 with an expiry). */
export class UrlSigner {
  private readonly key: Buffer

  /** `secret` is FILES_URL_SECRET, or the admin token from which a separate key is derived. */
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createHmac('sha256', secret).update('switchboard files url signing v1').digest()
  }

  private mac(grant: UrlGrant, exp: number): string {
    const subject = grant.op === 'put' ? `put:${grant.fileId}:${grant.generation}` : `get:${grant.fileId}`
    return createHmac('sha256', this.key).update(`${subject}:${exp}`).digest('base64url')
  }

  /** The query string (`exp`, `sig`, and `g` for uploads) granting `grant` until the TTL passes. */
  sign(grant: UrlGrant, now = Date.now()): string {
    const exp = Math.floor(now / 1000) + this.ttlSeconds
    const q = new URLSearchParams({ exp: String(exp), sig: this.mac(grant, exp) })
    if (grant.op === 'put') q.set('g', String(grant.generation))
    return q.toString()
  }

  /** Why the presented `exp`/`sig` do not grant `grant`, or null when they do. */
  refuse(grant: UrlGrant, exp: unknown, sig: unknown, now = Date.now()): string | null {
    if (typeof exp !== 'string' || typeof sig !== 'string') return 'missing signature'
    const expiry = Number(exp)
    if (!Number.isInteger(expiry)) return 'malformed signature'
    const want = Buffer.from(this.mac(grant, expiry))
    const got = Buffer.from(sig)
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid signature'
    if (expiry * 1000 < now) return 'this URL has expired'
    return null
  }
}
