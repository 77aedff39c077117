import { withTransaction, type Pool, type Queryable } from '@switchboard/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@switchboard/errors'
import { newId } from '../ids.js'
import { putBundle } from './bundles.js'

/** An integration version as the registry holds it. */
export interface IntegrationRecord {
  id: string
  name: string
  version: string
  definition: IntegrationDefinition
  bundleSha256: string | null
  webhook: { idempotencyKey?: string; syncTimeoutMs?: number }
  createdAt: string
  updatedAt: string
}

/** The parts of an SDK integration definition the platform reads. Everything else is kept as is. */
export interface IntegrationDefinition {
  name?: string
  version?: string
  configuration?: { schema?: unknown }
  /** Further configurations an installation may choose by name (`configurationType`). */
  configurations?: Record<string, { schema?: unknown }>
  channels?: Record<
    string,
    { messages?: Record<string, unknown>; conversation?: { tags?: Record<string, unknown> } }
  >
  events?: Record<string, unknown>
  actions?: Record<string, unknown>
  [key: string]: unknown
}

interface Row {
  id: string
  name: string
  version: string
  definition: IntegrationDefinition
  bundle_sha256: string | null
  webhook: IntegrationRecord['webhook']
  created_at: Date
  updated_at: Date
}

const NAME = /^[a-z][a-z0-9-]{1,99}$/
const IDEMPOTENCY_KEY = /^(body:\/.*|header:[A-Za-z0-9-]+)$/

function toRecord(r: Row): IntegrationRecord {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    definition: r.definition,
    bundleSha256: r.bundle_sha256,
    webhook: r.webhook,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** Input of `putIntegration`. */
export interface PutIntegrationInput {
  name: string
  version: string
  definition: IntegrationDefinition
  bundle?: Buffer
  webhook?: { idempotencyKey?: string; syncTimeoutMs?: number }
}

/** Creates an integration version, or replaces its definition/bundle when name+version exists. */
export async function putIntegration(pool: Pool, input: PutIntegrationInput): Promise<IntegrationRecord> {
  if (!NAME.test(input.name)) {
    throw new InvalidInputError(
      `name: ${JSON.stringify(input.name)} must be 2-100 lowercase letters, digits or '-'`,
    )
  }
  if (!/^[0-9A-Za-z.+-]{1,50}$/.test(input.version))
    throw new InvalidInputError(`version: invalid ${input.version}`)
  const key = input.webhook?.idempotencyKey
  if (key && !IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInputError(
      `webhook.idempotencyKey: expected body:/json/pointer or header:Name, got ${key}`,
    )
  }
  const timeout = input.webhook?.syncTimeoutMs
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0 || timeout > 30_000)) {
    throw new InvalidInputError('webhook.syncTimeoutMs: must be an integer between 0 and 30000')
  }
  return withTransaction(pool, async (tx) => {
    const sha = input.bundle?.length ? await putBundle(tx, input.bundle) : null
    const { rows } = await tx.query<Row>(
      `INSERT INTO integrations (id, name, version, definition, bundle_sha256, webhook)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name, version) DO UPDATE SET definition = EXCLUDED.definition,
         bundle_sha256 = COALESCE(EXCLUDED.bundle_sha256, integrations.bundle_sha256),
         webhook = EXCLUDED.webhook, updated_at = now()
       RETURNING *`,
      [newId('intg'), input.name, input.version, input.definition, sha, input.webhook ?? {}],
    )
    return toRecord(rows[0]!)
  })
}

/** Finds an integration by id, or by name (newest version unless `version` is given). */
export async function getIntegration(
  db: Queryable,
  by: { id?: string; name?: string; version?: string },
): Promise<IntegrationRecord> {
  let rows: Row[]
  if (by.id) {
    rows = (await db.query<Row>(`SELECT * FROM integrations WHERE id = $1`, [by.id])).rows
  } else if (by.name) {
    rows = by.version
      ? (
          await db.query<Row>(`SELECT * FROM integrations WHERE name = $1 AND version = $2`, [
            by.name,
            by.version,
          ])
        ).rows
      : (
          await db.query<Row>(`SELECT * FROM integrations WHERE name = $1 ORDER BY created_at DESC LIMIT 1`, [
            by.name,
          ])
        ).rows
  } else {
    throw new InvalidInputError('give an integration id or name')
  }
  if (!rows[0])
    throw new NotFoundError(`integration ${by.id ?? `${by.name}${by.version ? `@${by.version}` : ''}`}`)
  return toRecord(rows[0])
}

/** Lists every integration version, by name then creation. */
export async function listIntegrations(db: Queryable): Promise<IntegrationRecord[]> {
  const { rows } = await db.query<Row>(`SELECT * FROM integrations ORDER BY name, created_at`)
  return rows.map(toRecord)
}

/** Deletes an integration version; refused while an installation uses it. */
export async function deleteIntegration(db: Queryable, id: string): Promise<void> {
  const used = await db.query(`SELECT 1 FROM installations WHERE integration_id = $1 LIMIT 1`, [id])
  if (used.rowCount)
    throw new ConflictError(`integration ${id} is still installed; delete its installations first`)
  const { rowCount } = await db.query(`DELETE FROM integrations WHERE id = $1`, [id])
  if (!rowCount) throw new NotFoundError(`integration ${id}`)
}

/** Channel names declared by a definition. */
export function channelNames(def: IntegrationDefinition): string[] {
  return Object.keys(def.channels ?? {})
}
