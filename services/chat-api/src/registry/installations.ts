import { randomBytes } from 'node:crypto'
import { isUniqueViolation, withTransaction, type Pool, type Queryable } from '@switchboard/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { LifecycleNotice, NatsNames } from '@switchboard/nats'
import { configurationSchemaFor, type ConfigurationsOf } from '@switchboard/resources'
import { newId } from '../ids.js'
import { enqueue } from '../outbox/outbox.js'

/** One integration installed in one bot, under an alias, reachable at its webhook ID. */
export interface InstallationRecord {
  id: string
  botId: string
  integrationId: string
  integrationName: string
  integrationVersion: string
  alias: string
  webhookId: string
  /** The user that stands for the bot in this integration (`ctx.botUserId`). */
  botUserId: string
  enabled: boolean
  identifier: string | null
  registration: { state: RegistrationState; message: string; attempts: number; updatedAt: string }
  /** Digest of the configuration last stored at the secrets service (see install.ts); null = none yet. */
  configurationDigest: string | null
  /** Which of the integration's `configurations` it uses; '' = the default `configuration`. */
  configurationType: string
  /** What its handlers reported through `metadata.setCost`, per operation and name. */
  costs: HandlerCostTotal[]
  createdAt: string
  updatedAt: string
}

/** The costs one handler reported: calls that reported one, and their sum. */
export interface HandlerCostTotal {
  operation: string
  name: string
  calls: number
  total: number
}

/** Where an installation's `register` handler stands. */
export type RegistrationState = 'pending' | 'registered' | 'failed' | 'unregistering'

interface Row {
  id: string
  bot_id: string
  integration_id: string
  integration_name: string
  integration_version: string
  alias: string
  webhook_id: string
  bot_user_id: string | null
  enabled: boolean
  identifier: string | null
  registration_state: RegistrationState
  registration_message: string
  registration_attempts: number
  registration_updated_at: Date
  configuration_digest: string | null
  configuration_type: string
  costs: HandlerCostTotal[]
  created_at: Date
  updated_at: Date
}

const SELECT = `SELECT i.*, g.name AS integration_name, g.version AS integration_version,
    (SELECT coalesce(json_agg(c ORDER BY c.operation, c.name), '[]') FROM (
       SELECT operation, name, count(*)::int AS calls, sum(cost) AS total FROM handler_costs
        WHERE installation_id = i.id GROUP BY operation, name) c) AS costs
  FROM installations i JOIN integrations g ON g.id = i.integration_id`

function toRecord(r: Row): InstallationRecord {
  return {
    id: r.id,
    botId: r.bot_id,
    integrationId: r.integration_id,
    integrationName: r.integration_name,
    integrationVersion: r.integration_version,
    alias: r.alias,
    webhookId: r.webhook_id,
    botUserId: r.bot_user_id ?? '',
    enabled: r.enabled,
    identifier: r.identifier,
    registration: {
      state: r.registration_state,
      message: r.registration_message,
      attempts: r.registration_attempts,
      updatedAt: r.registration_updated_at.toISOString(),
    },
    configurationDigest: r.configuration_digest,
    configurationType: r.configuration_type,
    costs: r.costs,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** A webhook ID: 24 random bytes, URL-safe. It is the only credential a provider holds, so it must be unguessable. */
function newWebhookId(): string {
  return `wh_${randomBytes(24).toString('base64url')}`
}

/** What changing an installation needs: the pool, NATS names for the lifecycle notice, the outbox kick. */
export interface LifecycleDeps {
  pool: Pool
  names: NatsNames
  onOutbox: () => void
}

/** Enqueues a `register`/`unregister` run for the installation, in the caller's transaction. */
async function enqueueLifecycle(
  tx: Queryable,
  names: NatsNames,
  kind: LifecycleNotice['kind'],
  r: InstallationRecord,
) {
  const notice: LifecycleNotice = {
    kind,
    botId: r.botId,
    installationId: r.id,
    integrationId: r.integrationId,
    alias: r.alias,
    webhookId: r.webhookId,
  }
  await enqueue(tx, names.subjects.lifecycle(r.id), notice)
}

/**
 * Installs an integration in a bot under `alias` (default: the integration's name) and, when
 * enabled, schedules its `register` handler (the registration is `pending` until the dispatcher
 * reports).
 */
export async function createInstallation(
  deps: LifecycleDeps,
  input: InstallationInput,
): Promise<InstallationRecord> {
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const r = await insertInstallation(tx, input)
    if (r.enabled) {
      await enqueueLifecycle(tx, deps.names, 'register', r)
      afterCommit(deps.onOutbox)
    }
    return r
  })
}

/** What an installation is created with. */
export interface InstallationInput {
  botId: string
  integrationId: string
  alias?: string
  enabled?: boolean
  /** One of the integration's `configurations` (default: its `configuration`). */
  configurationType?: string
}

/** Checks `type` names one of the integration definition's `configurations` ('' = the default). */
/** Refuses a `configurationType` the definition lacks, naming the ones it has (400, field `configurationType`). */
export function checkConfigurationType(definition: ConfigurationsOf, type: string): { schema: unknown } {
  const chosen = configurationSchemaFor(definition, type)
  if ('problem' in chosen) throw new InvalidInputError(`configurationType: ${chosen.problem}`)
  return chosen
}

async function insertInstallation(db: Queryable, input: InstallationInput): Promise<InstallationRecord> {
  const { rows: intg } = await db.query<{
    name: string
    definition: ConfigurationsOf
  }>(`SELECT name, definition FROM integrations WHERE id = $1`, [input.integrationId])
  if (!intg[0]) throw new NotFoundError(`integration ${input.integrationId}`)
  checkConfigurationType(intg[0].definition, input.configurationType ?? '')
  const bot = await db.query(`SELECT 1 FROM bots WHERE id = $1`, [input.botId])
  if (!bot.rowCount) throw new NotFoundError(`bot ${input.botId}`)
  const alias = input.alias || intg[0].name
  if (!/^[a-z][a-z0-9-]{1,99}$/.test(alias)) {
    throw new InvalidInputError(
      `alias: ${JSON.stringify(alias)} must be 2-100 lowercase letters, digits or '-'`,
    )
  }
  const id = newId('inst')
  try {
    await db.query(
      `INSERT INTO installations (id, bot_id, integration_id, alias, webhook_id, enabled, configuration_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        input.botId,
        input.integrationId,
        alias,
        newWebhookId(),
        input.enabled ?? true,
        input.configurationType ?? '',
      ],
    )
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`bot ${input.botId} already has an installation with alias ${alias}`)
    throw err
  }
  await createBotUser(db, input.botId, id)
  return getInstallation(db, { id })
}

/** Creates the user behind `ctx.botUserId` for a new installation, in the caller's transaction. */
async function createBotUser(db: Queryable, botId: string, installationId: string): Promise<void> {
  const userId = newId('user')
  await db.query(`INSERT INTO users (id, bot_id, installation_id) VALUES ($1, $2, $3)`, [
    userId,
    botId,
    installationId,
  ])
  await db.query(`UPDATE installations SET bot_user_id = $2 WHERE id = $1`, [installationId, userId])
}

/** Finds an installation by id, webhook ID, or bot + alias. */
export async function getInstallation(
  db: Queryable,
  by: { id?: string; webhookId?: string; botId?: string; alias?: string },
): Promise<InstallationRecord> {
  let rows: Row[]
  if (by.id) rows = (await db.query<Row>(`${SELECT} WHERE i.id = $1`, [by.id])).rows
  else if (by.webhookId)
    rows = (await db.query<Row>(`${SELECT} WHERE i.webhook_id = $1`, [by.webhookId])).rows
  else if (by.botId && by.alias)
    rows = (await db.query<Row>(`${SELECT} WHERE i.bot_id = $1 AND i.alias = $2`, [by.botId, by.alias])).rows
  else throw new InvalidInputError('give an installation id, a webhook ID, or a bot id and alias')
  if (!rows[0]) throw new NotFoundError('installation')
  return toRecord(rows[0])
}

/** Lists installations, optionally of one bot or one integration version. */
export async function listInstallations(
  db: Queryable,
  filter: { botId?: string; integrationId?: string },
): Promise<InstallationRecord[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR i.bot_id = $1) AND ($2::text IS NULL OR i.integration_id = $2)
     ORDER BY i.created_at`,
    [filter.botId || null, filter.integrationId || null],
  )
  return rows.map(toRecord)
}

/**
 * Enables/disables an installation, moves it to another version of the same integration, or switches
 * it to another of the integration's `configurations` (`configurationType`, undefined = unchanged).
 * Enabling it again, or moving or switching it while enabled, runs `register` again.
 */
export async function updateInstallation(
  deps: LifecycleDeps,
  input: { id: string; enabled: boolean; integrationId?: string; configurationType?: string },
): Promise<InstallationRecord> {
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const current = await getInstallation(tx, { id: input.id })
    if (current.registration.state === 'unregistering') {
      throw new ConflictError(`installation ${input.id} is being deleted`)
    }
    const moved = !!input.integrationId && input.integrationId !== current.integrationId
    if (moved) {
      const { rows } = await tx.query<{ name: string }>(`SELECT name FROM integrations WHERE id = $1`, [
        input.integrationId,
      ])
      if (!rows[0]) throw new NotFoundError(`integration ${input.integrationId}`)
      if (rows[0].name !== current.integrationName) {
        throw new InvalidInputError(
          `integrationId: ${input.integrationId} is not a version of ${current.integrationName}`,
        )
      }
    }
    const switched =
      input.configurationType !== undefined && input.configurationType !== current.configurationType
    if (moved || switched) {
      const { rows } = await tx.query<{ definition: ConfigurationsOf }>(
        `SELECT definition FROM integrations WHERE id = $1`,
        [input.integrationId || current.integrationId],
      )
      checkConfigurationType(rows[0]!.definition, input.configurationType ?? current.configurationType)
    }
    const reregister = input.enabled && (moved || switched || !current.enabled)
    await tx.query(
      `UPDATE installations SET enabled = $2, integration_id = COALESCE($3, integration_id), updated_at = now_ms(),
         configuration_type = COALESCE($5, configuration_type),
         registration_state = CASE WHEN $4 THEN 'pending' ELSE registration_state END,
         registration_attempts = CASE WHEN $4 THEN 0 ELSE registration_attempts END,
         registration_updated_at = CASE WHEN $4 THEN now_ms() ELSE registration_updated_at END
       WHERE id = $1`,
      [input.id, input.enabled, input.integrationId || null, reregister, input.configurationType ?? null],
    )
    const updated = await getInstallation(tx, { id: input.id })
    if (reregister) {
      await enqueueLifecycle(tx, deps.names, 'register', updated)
      afterCommit(deps.onOutbox)
    }
    return updated
  })
}

/** Sets the identifier an integration registers through `/v1/chat/integrations/configure`. */
export async function setInstallationIdentifier(
  db: Queryable,
  id: string,
  identifier: string | null,
): Promise<void> {
  await db.query(`UPDATE installations SET identifier = $2, updated_at = now() WHERE id = $1`, [
    id,
    identifier,
  ])
}

/**
 * Uninstalls. Without `force`, the installation is disabled at once (its webhook answers 404), marked
 * `unregistering`, and the integration's `unregister` handler is scheduled; the row — with its
 * conversations and messages — is deleted when the dispatcher reports the outcome. `force` deletes now.
 * Returns the installation as it was.
 */
export async function deleteInstallation(
  deps: LifecycleDeps,
  id: string,
  force = false,
): Promise<InstallationRecord> {
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const current = await getInstallation(tx, { id })
    if (force || (!current.enabled && current.registration.state !== 'registered')) {
      // Never registered (or forced): nothing to undo at the external service.
      await tx.query(`DELETE FROM installations WHERE id = $1`, [id])
      return current
    }
    if (current.registration.state !== 'unregistering') {
      await tx.query(
        `UPDATE installations SET enabled = false, registration_state = 'unregistering', registration_message = '',
           registration_attempts = 0, registration_updated_at = now_ms(), updated_at = now_ms() WHERE id = $1`,
        [id],
      )
      await enqueueLifecycle(tx, deps.names, 'unregister', current)
      afterCommit(deps.onOutbox)
    }
    return current
  })
}

/**
 * Records the outcome of a `register` or `unregister` run. A register result updates the status
 * (ignored once the installation is being deleted); an unregister that succeeded, or failed for the
 * last time, deletes the installation. Returns the installation, or null once deleted.
 */
export async function reportRegistration(
  db: Pool,
  input: { installationId: string; operation: string; ok: boolean; message: string; final: boolean },
): Promise<InstallationRecord | null> {
  const message = input.ok ? '' : input.message.slice(0, 2000)
  if (input.operation === 'register') {
    // An installation being deleted keeps its state; a missing one is NotFound below.
    await db.query(
      `UPDATE installations SET registration_state = $2, registration_message = $3,
         registration_attempts = registration_attempts + 1, registration_updated_at = now_ms()
       WHERE id = $1 AND registration_state <> 'unregistering'`,
      [input.installationId, input.ok ? 'registered' : 'failed', message],
    )
    return getInstallation(db, { id: input.installationId })
  }
  if (input.operation !== 'unregister')
    throw new InvalidInputError(`operation: must be register or unregister`)
  if (input.ok || input.final) {
    await db.query(`DELETE FROM installations WHERE id = $1 AND registration_state = 'unregistering'`, [
      input.installationId,
    ])
    return null
  }
  await db.query(
    `UPDATE installations SET registration_message = $2, registration_attempts = registration_attempts + 1,
       registration_updated_at = now_ms() WHERE id = $1`,
    [input.installationId, message],
  )
  return getInstallation(db, { id: input.installationId })
}

/** Records the digest of the configuration just stored for the installation. */
export async function setConfigurationDigest(db: Queryable, id: string, digest: string): Promise<void> {
  await db.query(`UPDATE installations SET configuration_digest = $2, updated_at = now_ms() WHERE id = $1`, [
    id,
    digest,
  ])
}
