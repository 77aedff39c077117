import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { SecretsClient } from '@switchboard/proto'

/**
 * Reads an installation's configuration and an integration's secrets from the secrets service, as the
 * reader identity. Plaintext lives only in memory on its way into a sandbox call; nothing is cached.
 */
export class ConfigurationSource {
  constructor(private readonly secrets: SecretsClient) {}

  /** The installation's configuration object; `{}` when none was stored. */
  async configuration(installationId: string): Promise<Record<string, unknown>> {
    try {
      const c = await this.secrets.GetConfiguration({ installationId })
      return JSON.parse(c.configurationJson || '{}') as Record<string, unknown>
    } catch (err) {
      if (err instanceof NotFoundError) return {}
      if (err instanceof SyntaxError)
        throw new InvalidInputError('stored configuration is not JSON', { cause: err })
      throw err
    }
  }

  /** The integration's secrets as `SECRET_<NAME>` environment entries; none when none were stored. */
  async secretEnv(integrationId: string): Promise<Record<string, string>> {
    const secrets = await this.secretsOf(integrationId)
    return Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`SECRET_${k}`, v]))
  }

  /**
   * An endpoint bot's signing secret: stored at the secrets service under the bot's id, as the secret
   * named SIGNING_SECRET. Missing → the bot cannot be called (a configuration error, not retried).
   */
  async botSigningSecret(botId: string): Promise<string> {
    const secret = (await this.secretsOf(botId)).SIGNING_SECRET
    if (!secret)
      throw new InvalidInputError(`bot ${botId} has an endpoint but no SIGNING_SECRET at the secrets service`)
    return secret
  }

  private async secretsOf(subjectId: string): Promise<Record<string, string>> {
    try {
      return (await this.secrets.GetIntegrationSecrets({ integrationId: subjectId })).secrets
    } catch (err) {
      if (err instanceof NotFoundError) return {}
      throw err
    }
  }
}
