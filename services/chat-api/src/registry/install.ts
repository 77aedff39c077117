import { ConflictError, InvalidInputError, NotFoundError, UnavailableError } from '@switchboard/errors'
import { digest } from '@switchboard/schema'
import {
  checkConfigurationType,
  createInstallation,
  getInstallation,
  setConfigurationDigest,
  updateInstallation,
  type InstallationRecord,
  type LifecycleDeps,
} from './installations.js'
import { getIntegration } from './integrations.js'
import { parseJsonObject } from './json-object.js'

/**
 * Where installations' configurations are kept: the secrets service, which validates each one against
 * the schema it is given and stores it encrypted. chat-api never keeps a configuration, only its digest.
 */
export interface ConfigurationStore {
  put(installationId: string, configurationJson: string, schemaJson: string): Promise<void>
}

/** A store for a chat-api started without a secrets service: every write is refused, saying why. */
export const NO_CONFIGURATION_STORE: ConfigurationStore = {
  put: () =>
    Promise.reject(
      new UnavailableError(
        'chat-api has no secrets service (SECRETS_GRPC_URL): it cannot store installation configurations',
      ),
    ),
}

/** What the install sequence needs. */
export interface InstallDeps extends LifecycleDeps {
  configurations: ConfigurationStore
}

/** What one install should leave. */
export interface InstallInput {
  botId: string
  integrationId: string
  /** Empty = the integration's name. */
  alias?: string
  /** A JSON object; empty = `{}`. */
  configurationJson: string
  enabled: boolean
  /** Which of the integration's `configurations` it uses; empty or undefined = the default one. */
  configurationType?: string
}

/** What `applyInstallation` did. */
export interface InstallOutcome {
  installation: InstallationRecord
  created: boolean
  /** configuration, enabled, disabled, `moved to <name>@<version>` (empty when nothing changed). */
  changes: string[]
}

/**
 * The install sequence, the one implementation `switchboard apply` and the operator both call:
 * 1. the installation, created disabled when the bot has none under the alias;
 * 2. the configuration type (which of the definition's `configurations`), then the configuration,
 *    stored at the secrets service and validated there against that configuration's schema in the
 *    integration version's stored definition (no schema: any object), when it changed;
 * 3. the integration version, when the installation runs another one;
 * 4. enabled or disabled as asked (enabling runs the integration's `register`).
 * A configuration the schema refuses is an InvalidInputError whose message starts `configuration:`;
 * the installation is then left disabled (a new one) or as it was. Applying the same input twice
 * changes nothing the second time.
 */
export async function applyInstallation(deps: InstallDeps, input: InstallInput): Promise<InstallOutcome> {
  const integration = await getIntegration(deps.pool, { id: input.integrationId })
  const configuration = parseJsonObject(input.configurationJson, 'configurationJson')
  const configurationType = input.configurationType ?? ''
  // An unknown type is refused here, naming the known ones, before anything is written.
  const schema = checkConfigurationType(integration.definition, configurationType).schema ?? {}
  const alias = input.alias || integration.name
  const changes: string[] = []

  let inst = await getInstallation(deps.pool, { botId: input.botId, alias }).catch((err: unknown) => {
    if (err instanceof NotFoundError) return undefined
    throw err
  })
  const created = !inst
  if (!inst) {
    inst = await createInstallation(deps, {
      botId: input.botId,
      integrationId: integration.id,
      alias,
      enabled: false,
      configurationType,
    })
  } else if (inst.registration.state === 'unregistering') {
    throw new ConflictError(
      `installation ${alias} of bot ${input.botId} is being deleted; apply again once it is gone`,
    )
  }

  if (inst.configurationType !== configurationType) {
    inst = await updateInstallation(deps, { id: inst.id, enabled: inst.enabled, configurationType })
    if (!created) changes.push(`configuration type ${configurationType || 'default'}`)
  }

  const wanted = digest(integration.id, configurationType, configuration, schema)
  if (inst.configurationDigest !== wanted) {
    try {
      await deps.configurations.put(inst.id, JSON.stringify(configuration), JSON.stringify(schema))
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err
      throw new InvalidInputError(
        `configuration: is invalid for ${integration.name}@${integration.version}: ${err.message}`,
        { cause: err },
      )
    }
    await setConfigurationDigest(deps.pool, inst.id, wanted)
    if (!created) changes.push('configuration')
  }

  if (inst.integrationId !== integration.id) {
    inst = await updateInstallation(deps, {
      id: inst.id,
      enabled: input.enabled,
      integrationId: integration.id,
    })
    changes.push(`moved to ${integration.name}@${integration.version}`)
  } else if (inst.enabled !== input.enabled) {
    inst = await updateInstallation(deps, { id: inst.id, enabled: input.enabled })
    if (!created) changes.push(input.enabled ? 'enabled' : 'disabled')
  } else {
    inst = await getInstallation(deps.pool, { id: inst.id })
  }
  return { installation: inst, created, changes }
}
