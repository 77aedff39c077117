import { InvalidInputError, NotFoundError, UnavailableError } from '@switchboard/errors'
import { TtlCache } from '@switchboard/cache'
import type { SecretsClient } from '@switchboard/proto'

/**
 * Reads an installation's (or bot's) configuration and an integration's (or bot's) secrets from the
 * secrets service, as the reader identity, and keeps each for `ttlMs` in this process's memory
 * (docs/adr/0008): one audited read per subject and window instead of one per handler call. The
 * plaintext lives in memory only, as it does in the sandboxes' environment; `forget` drops a subject
 * (its installation changed, or a handler call with it failed, so the retry reads afresh). `ttlMs`
 * 0 reads for every call.
 */
export class ConfigurationSource {
  private readonly held: TtlCache<Promise<unknown>>

  constructor(
    private readonly secrets: SecretsClient,
    private readonly ttlMs = 0,
    maxEntries = 10_000,
  ) {
    this.held = new TtlCache(maxEntries)
  }

  /** The installation's configuration object; `{}` when none was stored. */
  async configuration(installationId: string): Promise<Record<string, unknown>> {
    return this.hold(`configuration\n${installationId}`, async () => {
      try {
        const c = await this.secrets.GetConfiguration({ installationId })
        return JSON.parse(c.configurationJson || '{}') as Record<string, unknown>
      } catch (err) {
        if (err instanceof NotFoundError) return {}
        if (err instanceof SyntaxError)
          throw new InvalidInputError('stored configuration is not JSON', { cause: err })
        throw err
      }
    })
  }

  /** The integration's secrets as `SECRET_<NAME>` environment entries; none when none were stored. */
  async secretEnv(integrationId: string): Promise<Record<string, string>> {
    const secrets = await this.secretsOf(integrationId)
    return Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`SECRET_${k}`, v]))
  }

  /**
   * An endpoint bot's signing secret: stored at the secrets service under the bot's id, as the secret
   * named SIGNING_SECRET. Missing → the bot cannot be called yet: a bot is created first and its
   * secret stored next (PutBot, then PutIntegrationSecrets), and its first notices can come between
   * the two. So the miss is not held, and the delivery is retried with backoff (UnavailableError),
   * dead-lettered only once its attempts are used up.
   */
  async botSigningSecret(botId: string): Promise<string> {
    const secret = (await this.secretsOf(botId)).SIGNING_SECRET
    if (!secret) {
      this.forget(botId)
      throw new UnavailableError(`bot ${botId} has an endpoint but no SIGNING_SECRET at the secrets service`)
    }
    return secret
  }

  /** Drops what is held for these subjects (installations, integrations or bots): the next call reads. */
  forget(...subjectIds: string[]): void {
    for (const id of subjectIds) {
      this.held.delete(`configuration\n${id}`)
      this.held.delete(`secrets\n${id}`)
    }
  }

  private secretsOf(subjectId: string): Promise<Record<string, string>> {
    return this.hold(`secrets\n${subjectId}`, async () => {
      try {
        return (await this.secrets.GetIntegrationSecrets({ integrationId: subjectId })).secrets
      } catch (err) {
        if (err instanceof NotFoundError) return {}
        throw err
      }
    })
  }

  /** The held value of `key`, or one read now (concurrent calls share it; a failed read is not held). */
  private hold<V>(key: string, read: () => Promise<V>): Promise<V> {
    const hit = this.held.get(key)
    if (hit) return hit as Promise<V>
    const value = read()
    this.held.set(key, value, this.ttlMs)
    value.catch(() => {
      if (this.held.get(key) === value) this.held.delete(key)
    })
    return value
  }
}
