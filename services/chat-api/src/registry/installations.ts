import { randomBytes } from 'node:crypto'
import { isUniqueViolation, type Queryable } from '@switchboard/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@switchboard/errors'
import { newId } from '../ids.js'

/** One integration installed in one bot, under an alias, reachable at its webhook ID. */
export interface InstallationRecord {
  id: string
  botId: string
  integrationId: string
  integrationName: string
  integrationVersion: string
  alias: string
  webhookId: string
  enabled: boolean
  identifier: string | null
  createdAt: string
  updatedAt: string
}

interface Row {
  id: string
  bot_id: string
  integration_id: string
  integration_name: string
  integration_version: string
  alias: string
  webhook_id: string
  enabled: boolean
  identifier: string | null
  created_at: Date
  updated_at: Date
}

const SELECT = `SELECT i.*, g.name AS integration_name, g.version AS integration_version
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
    enabled: r.enabled,
    identifier: r.identifier,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** A webhook ID: 24 random bytes, URL-safe. It is the only credential a provider holds, so it must be unguessable. */
function newWebhookId(): string {
  return `wh_${randomBytes(24).toString('base64url')}`
}

/** Installs an integration in a bot under `alias` (default: the integration's name). */
export async function createInstallation(
  db: Queryable,
  input: { botId: string; integrationId: string; alias?: string; enabled?: boolean },
): Promise<InstallationRecord> {
  const { rows: intg } = await db.query<{ name: string }>(`SELECT name FROM integrations WHERE id = $1`, [
    input.integrationId,
  ])
  if (!intg[0]) throw new NotFoundError(`integration ${input.integrationId}`)
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
      `INSERT INTO installations (id, bot_id, integration_id, alias, webhook_id, enabled) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, input.botId, input.integrationId, alias, newWebhookId(), input.enabled ?? true],
    )
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`bot ${input.botId} already has an installation with alias ${alias}`)
    throw err
  }
  return getInstallation(db, { id })
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

/** Enables/disables an installation, or moves it to another version of the same integration. */
export async function updateInstallation(
  db: Queryable,
  input: { id: string; enabled: boolean; integrationId?: string },
): Promise<InstallationRecord> {
  const current = await getInstallation(db, { id: input.id })
  if (input.integrationId && input.integrationId !== current.integrationId) {
    const { rows } = await db.query<{ name: string }>(`SELECT name FROM integrations WHERE id = $1`, [
      input.integrationId,
    ])
    if (!rows[0]) throw new NotFoundError(`integration ${input.integrationId}`)
    if (rows[0].name !== current.integrationName) {
      throw new InvalidInputError(
        `integrationId: ${input.integrationId} is not a version of ${current.integrationName}`,
      )
    }
  }
  await db.query(
    `UPDATE installations SET enabled = $2, integration_id = COALESCE($3, integration_id), updated_at = now() WHERE id = $1`,
    [input.id, input.enabled, input.integrationId || null],
  )
  return getInstallation(db, { id: input.id })
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

/** Uninstalls: the installation's conversations and their messages go with it. */
export async function deleteInstallation(db: Queryable, id: string): Promise<void> {
  const { rowCount } = await db.query(`DELETE FROM installations WHERE id = $1`, [id])
  if (!rowCount) throw new NotFoundError(`installation ${id}`)
}
