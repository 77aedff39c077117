import type { admin, AdminClient } from '@switchboard/proto'
import type { BundleRef } from '@switchboard/sandbox'
import { TtlCache } from '@switchboard/cache'

/** A bot and, when it runs a bundle, a lazy handle on it. */
export interface BotTarget {
  bot: admin.Bot__Output
  bundle: BundleRef | null
}

/** The installation and integration facts a handler call needs, read from chat-api's admin API. */
export interface Target {
  installation: admin.Installation__Output
  integration: admin.Integration__Output
  bundle: BundleRef
}

/**
 * Looks installations and integrations up through the admin API, cached for `ttlMs`. chat-api
 * announces installation changes on NATS; `forget` drops the installation so the next call re-reads
 * it (a disabled installation stops receiving at once, a configuration change applies to the next call).
 */
export class Registry {
  private readonly installations: TtlCache<admin.Installation__Output>
  private readonly integrations: TtlCache<admin.Integration__Output>
  private readonly bots: TtlCache<admin.Bot__Output>

  constructor(
    private readonly admin: AdminClient,
    private readonly ttlMs = 30_000,
    maxEntries = 10_000,
  ) {
    this.installations = new TtlCache(maxEntries)
    this.integrations = new TtlCache(maxEntries)
    this.bots = new TtlCache(maxEntries)
  }

  /** The bot, and its bundle when it runs one (an endpoint bot has none). */
  async bot(botId: string): Promise<BotTarget> {
    const bot = await this.bots.getOrLoad(botId, this.ttlMs, () => this.admin.GetBot({ id: botId, name: '' }))
    return { bot, bundle: bot.bundleSha256 ? this.bundleRef(bot.bundleSha256) : null }
  }

  /**
   * The bot as a lifecycle notice carried it (a deleted bot can no longer be read), with a lazy
   * handle on its bundle.
   */
  botAsItWas(bot: {
    id: string
    name: string
    bundleSha256: string | null
    endpointUrl: string | null
  }): BotTarget {
    const endpoint = bot.endpointUrl ? { url: bot.endpointUrl, signingSecret: '' } : null
    return {
      bot: {
        id: bot.id,
        name: bot.name,
        bundleSha256: bot.bundleSha256 ?? '',
        endpoint,
        createdAt: '',
        updatedAt: '',
      },
      bundle: bot.bundleSha256 ? this.bundleRef(bot.bundleSha256) : null,
    }
  }

  private bundleRef(sha256: string): BundleRef {
    return { sha256, load: async () => Buffer.from((await this.admin.GetBundle({ sha256 })).content) }
  }

  /** The installation, its integration version and a lazy handle on the bundle. */
  async target(installationId: string): Promise<Target> {
    const installation = await this.installations.getOrLoad(installationId, this.ttlMs, () =>
      this.admin.GetInstallation({ id: installationId, webhookId: '', botId: '', alias: '' }),
    )
    const integration = await this.integrations.getOrLoad(installation.integrationId, this.ttlMs, () =>
      this.admin.GetIntegration({ id: installation.integrationId, name: '', version: '' }),
    )
    return { installation, integration, bundle: this.bundleRef(integration.bundleSha256) }
  }

  /** Drops a cached installation (it changed). */
  forget(installationId: string): void {
    this.installations.delete(installationId)
  }
}
