import type { AdminClient } from '@switchboard/proto'

/**
 * Runtime API tokens for sandboxes (their BP_TOKEN). chat-api stores tokens hashed, so the dispatcher
 * mints one per integration version when its sandbox first starts, keeps it in memory only, and
 * revokes them all on shutdown.
 */
export class SandboxTokens {
  private readonly tokens = new Map<string, Promise<{ id: string; secret: string }>>()

  constructor(
    private readonly admin: AdminClient,
    private readonly instanceName: string,
  ) {}

  /** The integration token for `integrationId`, minted on first use. */
  forIntegration(integrationId: string): Promise<string> {
    return this.mint(`integration:${integrationId}`, { kind: 'integration', integrationId, botId: '' })
  }

  /** The bot token for `botId` (a bot bundle's BP_TOKEN), minted on first use. */
  forBot(botId: string): Promise<string> {
    return this.mint(`bot:${botId}`, { kind: 'bot', botId, integrationId: '' })
  }

  private async mint(
    key: string,
    req: { kind: string; botId: string; integrationId: string },
  ): Promise<string> {
    let t = this.tokens.get(key)
    if (!t) {
      t = this.admin
        .CreateToken({ ...req, name: `sandbox:${this.instanceName}` })
        .then((tok) => ({ id: tok.id, secret: tok.secret }))
      t.catch(() => this.tokens.delete(key))
      this.tokens.set(key, t)
    }
    return (await t).secret
  }

  /** Revokes every token this dispatcher minted. */
  async revokeAll(): Promise<void> {
    const all = await Promise.allSettled([...this.tokens.values()])
    this.tokens.clear()
    for (const r of all)
      if (r.status === 'fulfilled') await this.admin.RevokeToken({ id: r.value.id }).catch(() => undefined)
  }
}
