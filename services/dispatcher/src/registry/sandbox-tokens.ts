import { NotFoundError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { AdminClient } from '@switchboard/proto'

/** Settings of `SandboxTokens`. */
export interface SandboxTokenOptions {
  /** The admin API, as the dispatcher identity (it may mint only tokens that expire). */
  admin: AdminClient
  /** Names the tokens `sandbox:<instanceName>`, so an operator sees which dispatcher minted them. */
  instanceName: string
  /** Lifetime of each token (SANDBOX_TOKEN_TTL_MS); renewed while the sandbox is in use. */
  ttlMs: number
  /** The longest one handler call may take (INVOKE_TIMEOUT_MS): a token handed to a call outlives it. */
  callMs: number
  /** Renewals are logged at debug level; a background renewal that failed (it is retried) as a warning. */
  logger: Logger
}

/** A minted token, and how long it surely lives: its lifetime counted from before the request was sent. */
interface Held {
  id: string
  secret: string
  validUntil: number
}

/** Extra time a token must have past a call's deadline, for the handler's last Runtime API request. */
const CALL_SLACK_MS = 1000

/**
 * Runtime API tokens for sandboxes (their BP_TOKEN). chat-api stores tokens hashed, so the dispatcher
 * mints one per integration version (or bot) when its sandbox first starts and keeps it in memory
 * only. Each token expires `ttlMs` after it was minted or last renewed: a call finding less than half
 * of it left renews it in the background, and one finding less than a call's deadline waits for the
 * renewal first, so no call outlives its token. A token that expired (the sandbox sat idle a whole
 * lifetime) is replaced by a new one, which restarts its sandbox with the new BP_TOKEN. A dispatcher
 * that crashed renews nothing: what it minted dies within `ttlMs`. Tokens are revoked on shutdown.
 */
export class SandboxTokens {
  private readonly tokens = new Map<string, Promise<Held>>()
  private readonly renewing = new Map<string, Promise<Held>>()

  constructor(private readonly o: SandboxTokenOptions) {}

  /** The integration token for `integrationId`, minted on first use, with at least a call's life left. */
  forIntegration(integrationId: string): Promise<string> {
    return this.token(`integration:${integrationId}`, { kind: 'integration', integrationId, botId: '' })
  }

  /** The bot token for `botId` (a bot bundle's BP_TOKEN), minted on first use, renewed as above. */
  forBot(botId: string): Promise<string> {
    return this.token(`bot:${botId}`, { kind: 'bot', botId, integrationId: '' })
  }

  private async token(key: string, req: { kind: string; botId: string; integrationId: string }) {
    let held = await this.held(key, req)
    const left = held.validUntil - Date.now()
    if (left < this.o.callMs + CALL_SLACK_MS) held = await this.renew(key, held, req)
    else if (left < this.o.ttlMs / 2) {
      this.renew(key, held, req).catch((err: unknown) =>
        this.o.logger.warn({ err, sandbox: key }, 'sandbox token renewal failed; the next call tries again'),
      )
    }
    return held.secret
  }

  /** The token held for `key`, minted if there is none (concurrent callers share one mint). */
  private held(key: string, req: { kind: string; botId: string; integrationId: string }): Promise<Held> {
    let t = this.tokens.get(key)
    if (!t) {
      t = this.mint(req)
      t.catch(() => this.tokens.get(key) === t && this.tokens.delete(key))
      this.tokens.set(key, t)
    }
    return t
  }

  private async mint(req: { kind: string; botId: string; integrationId: string }): Promise<Held> {
    const sent = Date.now()
    const tok = await this.o.admin.CreateToken({
      ...req,
      name: `sandbox:${this.o.instanceName}`,
      ttlMs: this.o.ttlMs,
    })
    return { id: tok.id, secret: tok.secret, validUntil: sent + this.o.ttlMs }
  }

  /**
   * Extends `held` by a lifetime (one renewal in flight per key). If it can no longer be renewed (it
   * expired or was revoked), a new token replaces it.
   */
  private renew(key: string, held: Held, req: { kind: string; botId: string; integrationId: string }) {
    let r = this.renewing.get(key)
    if (r) return r
    r = (async () => {
      const sent = Date.now()
      let next: Held
      try {
        await this.o.admin.RenewToken({ id: held.id, ttlMs: this.o.ttlMs })
        next = { ...held, validUntil: sent + this.o.ttlMs }
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err
        next = await this.mint(req)
      }
      this.tokens.set(key, Promise.resolve(next))
      this.o.logger.debug({ sandbox: key, renewed: next.id === held.id }, 'sandbox token renewed')
      return next
    })().finally(() => this.renewing.delete(key))
    this.renewing.set(key, r)
    return r
  }

  /** Revokes every token this dispatcher minted. */
  async revokeAll(): Promise<void> {
    const all = await Promise.allSettled([...this.tokens.values()])
    this.tokens.clear()
    for (const r of all)
      if (r.status === 'fulfilled') await this.o.admin.RevokeToken({ id: r.value.id }).catch(() => undefined)
  }
}
