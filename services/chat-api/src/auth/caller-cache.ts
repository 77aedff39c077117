import type { Queryable } from '@switchboard/db'
import { hashToken } from './tokens.js'
import type { Caller } from './caller.js'
import { authenticate, type RuntimeCredentials } from './resolve-caller.js'

interface Entry {
  caller: Caller
  tokenId: string
  expiresAt: number
}

/**
 * Runtime API authentication, remembered for `ttlMs` per token and headers, so a busy caller costs
 * no token and installation queries per request. Only successes are kept (a new token works at
 * once; a refused one is asked again each time), never past the token's own expiry, keyed by the
 * token's hash (no secret is held). A revocation or an installation change on this replica drops
 * the affected entries at once (`forgetToken`, `forgetInstallation`); on another replica a revoked
 * token is refused at most `ttlMs` later: the invalidation window. `ttlMs` 0 turns it off.
 */
export class CallerCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The caller for these credentials: remembered, or authenticated against `db` (and then remembered). */
  async resolve(db: Queryable, cred: RuntimeCredentials): Promise<Caller> {
    if (!this.ttlMs || !cred.token) return (await authenticate(db, cred)).caller
    const key = [hashToken(cred.token), cred.botId, cred.integrationId, cred.integrationAlias].join('\n')
    const hit = this.entries.get(key)
    if (hit && hit.expiresAt > Date.now()) return hit.caller
    const { caller, token } = await authenticate(db, cred)
    const now = Date.now()
    const expiresAt = Math.min(now + this.ttlMs, token.expiresAt ? Date.parse(token.expiresAt) : Infinity)
    this.entries.delete(key)
    // Full: the oldest insertion goes (entries refresh every ttlMs anyway).
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, { caller, tokenId: token.id, expiresAt })
    return caller
  }

  /** Drops every entry of a token (it was revoked). */
  forgetToken(tokenId: string): void {
    this.forgetWhere((e) => e.tokenId === tokenId)
  }

  /** Drops every integration caller acting through an installation (it changed or is gone). */
  forgetInstallation(installationId: string): void {
    this.forgetWhere((e) => e.caller.kind === 'integration' && e.caller.installation.id === installationId)
  }

  private forgetWhere(match: (e: Entry) => boolean): void {
    for (const [key, e] of this.entries.entries()) if (match(e)) this.entries.delete(key)
  }
}
