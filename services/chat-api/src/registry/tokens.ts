import type { Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import { generateToken, hashToken } from '../auth/tokens.js'
import { newId } from '../ids.js'

/** A token's metadata (never its secret, which is shown once, at creation). */
export interface TokenRecord {
  id: string
  kind: 'bot' | 'integration'
  botId: string | null
  integrationId: string | null
  name: string
  createdAt: string
}

interface Row {
  id: string
  kind: 'bot' | 'integration'
  bot_id: string | null
  integration_id: string | null
  name: string
  created_at: Date
}

function toRecord(r: Row): TokenRecord {
  return {
    id: r.id,
    kind: r.kind,
    botId: r.bot_id,
    integrationId: r.integration_id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
  }
}

/** Creates a bot or integration token; returns its metadata and the secret (shown only now). */
export async function createToken(
  db: Queryable,
  input: { kind: string; botId?: string; integrationId?: string; name?: string },
): Promise<{ token: TokenRecord; secret: string }> {
  if (input.kind !== 'bot' && input.kind !== 'integration')
    throw new InvalidInputError('kind: must be bot or integration')
  if (input.kind === 'bot' && !input.botId) throw new InvalidInputError('botId: required for a bot token')
  if (input.kind === 'integration' && !input.integrationId) {
    throw new InvalidInputError('integrationId: required for an integration token')
  }
  if (input.kind === 'bot') {
    const r = await db.query(`SELECT 1 FROM bots WHERE id = $1`, [input.botId])
    if (!r.rowCount) throw new NotFoundError(`bot ${input.botId}`)
  } else {
    const r = await db.query(`SELECT 1 FROM integrations WHERE id = $1`, [input.integrationId])
    if (!r.rowCount) throw new NotFoundError(`integration ${input.integrationId}`)
  }
  const secret = generateToken()
  const { rows } = await db.query<Row>(
    `INSERT INTO tokens (id, hash, kind, bot_id, integration_id, name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      newId('tok'),
      hashToken(secret),
      input.kind,
      input.kind === 'bot' ? input.botId : null,
      input.kind === 'integration' ? input.integrationId : null,
      input.name ?? '',
    ],
  )
  return { token: toRecord(rows[0]!), secret }
}

/** Lists live tokens of a bot or integration. */
export async function listTokens(
  db: Queryable,
  filter: { botId?: string; integrationId?: string },
): Promise<TokenRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM tokens WHERE revoked_at IS NULL
       AND ($1::text IS NULL OR bot_id = $1) AND ($2::text IS NULL OR integration_id = $2) ORDER BY created_at`,
    [filter.botId || null, filter.integrationId || null],
  )
  return rows.map(toRecord)
}

/** Revokes a token: it stops working at once. */
export async function revokeToken(db: Queryable, id: string): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
    [id],
  )
  if (!rowCount) throw new NotFoundError(`token ${id}`)
}

/** Looks a presented secret up; null when unknown or revoked. */
export async function findToken(db: Queryable, secret: string): Promise<TokenRecord | null> {
  const { rows } = await db.query<Row>(`SELECT * FROM tokens WHERE hash = $1 AND revoked_at IS NULL`, [
    hashToken(secret),
  ])
  return rows[0] ? toRecord(rows[0]) : null
}
