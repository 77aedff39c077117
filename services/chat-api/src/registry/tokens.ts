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
  /** When it stops working (ISO 8601); null = until revoked. */
  expiresAt: string | null
}

/** The longest lifetime an expiring token may be given, at creation or renewal: one day. */
export const MAX_TOKEN_TTL_MS = 24 * 60 * 60 * 1000

interface Row {
  id: string
  kind: 'bot' | 'integration'
  bot_id: string | null
  integration_id: string | null
  name: string
  created_at: Date
  expires_at: Date | null
}

function toRecord(r: Row): TokenRecord {
  return {
    id: r.id,
    kind: r.kind,
    botId: r.bot_id,
    integrationId: r.integration_id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
  }
}

/** Checks a lifetime given in milliseconds: 0 means "until revoked" only where `allowForever`. */
function checkTtl(ttlMs: number | undefined, allowForever: boolean): number | null {
  const ttl = ttlMs ?? 0
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TOKEN_TTL_MS) {
    throw new InvalidInputError(`ttlMs: must be an integer from 1 to ${MAX_TOKEN_TTL_MS}`)
  }
  if (ttl === 0 && !allowForever) throw new InvalidInputError('ttlMs: required (a positive lifetime)')
  return ttl === 0 ? null : ttl
}

/**
 * Creates a bot or integration token; returns its metadata and the secret (shown only now). With
 * `ttlMs` it expires that long after its creation unless renewed; without, it lasts until revoked,
 * which only callers passing `allowForever` may ask for.
 */
export async function createToken(
  db: Queryable,
  input: { kind: string; botId?: string; integrationId?: string; name?: string; ttlMs?: number },
  opts: { allowForever: boolean } = { allowForever: true },
): Promise<{ token: TokenRecord; secret: string }> {
  const ttl = checkTtl(input.ttlMs, opts.allowForever)
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
    `INSERT INTO tokens (id, hash, kind, bot_id, integration_id, name, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 millisecond') RETURNING *`,
    [
      newId('tok'),
      hashToken(secret),
      input.kind,
      input.kind === 'bot' ? input.botId : null,
      input.kind === 'integration' ? input.integrationId : null,
      input.name ?? '',
      ttl,
    ],
  )
  return { token: toRecord(rows[0]!), secret }
}

/** Tokens that work now: not revoked, not expired. */
const LIVE = `revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`

/** Lists live tokens of a bot or integration. */
export async function listTokens(
  db: Queryable,
  filter: { botId?: string; integrationId?: string },
): Promise<TokenRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM tokens WHERE ${LIVE}
       AND ($1::text IS NULL OR bot_id = $1) AND ($2::text IS NULL OR integration_id = $2) ORDER BY created_at`,
    [filter.botId || null, filter.integrationId || null],
  )
  return rows.map(toRecord)
}

/**
 * Revokes a token: it stops working at once. `expiringOnly` limits it to tokens that expire (what a
 * dispatcher minted), so a narrower identity cannot revoke an operator's tokens.
 */
export async function revokeToken(
  db: Queryable,
  id: string,
  opts: { expiringOnly: boolean } = { expiringOnly: false },
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE tokens SET revoked_at = now()
      WHERE id = $1 AND revoked_at IS NULL AND (NOT $2 OR expires_at IS NOT NULL)`,
    [id, opts.expiringOnly],
  )
  if (!rowCount) throw new NotFoundError(`token ${id}`)
}

/**
 * Gives an expiring token that still works a new lifetime of `ttlMs` from now. An expired, revoked
 * or never-expiring token is not found: what has expired stays dead.
 */
export async function renewToken(db: Queryable, id: string, ttlMs: number): Promise<TokenRecord> {
  const ttl = checkTtl(ttlMs, false)
  const { rows } = await db.query<Row>(
    `UPDATE tokens SET expires_at = now() + $2 * interval '1 millisecond'
      WHERE id = $1 AND expires_at IS NOT NULL AND ${LIVE} RETURNING *`,
    [id, ttl],
  )
  if (!rows[0]) throw new NotFoundError(`live expiring token ${id}`)
  return toRecord(rows[0])
}

/** Deletes tokens that expired more than a day ago (they can never work again). */
export async function sweepExpiredTokens(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM tokens WHERE expires_at < now() - interval '1 day'`)
  return rowCount ?? 0
}

/** What a presented secret is: a live token, one that expired, or unknown (or revoked). */
export type TokenLookup = { state: 'live'; token: TokenRecord } | { state: 'expired' } | { state: 'unknown' }

/** Looks a presented secret up. */
export async function findToken(db: Queryable, secret: string): Promise<TokenLookup> {
  const { rows } = await db.query<Row & { live: boolean }>(
    `SELECT *, (${LIVE}) AS live FROM tokens WHERE hash = $1 AND revoked_at IS NULL`,
    [hashToken(secret)],
  )
  const r = rows[0]
  if (!r) return { state: 'unknown' }
  return r.live ? { state: 'live', token: toRecord(r) } : { state: 'expired' }
}
