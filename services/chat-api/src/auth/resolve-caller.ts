import type { Queryable } from '@switchboard/db'
import { ForbiddenError, InvalidInputError, UnauthorizedError } from '@switchboard/errors'
import { channelNames, type IntegrationDefinition } from '../registry/integrations.js'
import { findToken, type TokenRecord } from '../registry/tokens.js'
import type { Caller, CallerInstallation } from './caller.js'

/** The credentials a Runtime API request presents (headers as @botpress/client sends them). */
export interface RuntimeCredentials {
  token?: string
  botId?: string
  integrationId?: string
  integrationAlias?: string
}

/** Loads the installation an integration acts through in a bot, by integration id and optional alias. */
export async function findCallerInstallation(
  db: Queryable,
  by: { botId: string; integrationId?: string; installationId?: string; alias?: string },
): Promise<CallerInstallation | null> {
  const { rows } = await db.query<{
    id: string
    alias: string
    integration_id: string
    name: string
    definition: IntegrationDefinition
  }>(
    `SELECT i.id, i.alias, i.integration_id, g.name, g.definition
       FROM installations i JOIN integrations g ON g.id = i.integration_id
      WHERE i.bot_id = $1 AND ($2::text IS NULL OR i.integration_id = $2)
        AND ($3::text IS NULL OR i.id = $3) AND ($4::text IS NULL OR i.alias = $4)
      ORDER BY i.created_at LIMIT 2`,
    [by.botId, by.integrationId ?? null, by.installationId ?? null, by.alias ?? null],
  )
  if (rows.length !== 1) return null
  const r = rows[0]!
  return {
    id: r.id,
    alias: r.alias,
    integrationId: r.integration_id,
    integrationName: r.name,
    channels: channelNames(r.definition),
  }
}

/**
 * Authenticates a Runtime API request (ARCHITECTURE.md §5). A bot token acts only for its bot; an
 * integration token only for bots that have that integration installed. Failures say what is wrong
 * but never reveal another tenant's data.
 */
export async function resolveCaller(db: Queryable, cred: RuntimeCredentials): Promise<Caller> {
  return (await authenticate(db, cred)).caller
}

/** `resolveCaller`, with the token the caller presented (for a cache to invalidate by). */
export async function authenticate(
  db: Queryable,
  cred: RuntimeCredentials,
): Promise<{ caller: Caller; token: TokenRecord }> {
  if (!cred.token) throw new UnauthorizedError('missing bearer token (Authorization: Bearer <token>)')
  const found = await findToken(db, cred.token)
  if (found.state === 'expired') throw new UnauthorizedError('this token has expired')
  if (found.state === 'unknown') throw new UnauthorizedError('invalid or revoked token')
  const { token } = found
  if (!cred.botId) throw new InvalidInputError('missing x-bot-id header')
  if (token.kind === 'bot') {
    if (token.botId !== cred.botId)
      throw new ForbiddenError('this token does not act for the bot in x-bot-id')
    return { caller: { kind: 'bot', botId: cred.botId }, token }
  }
  if (cred.integrationId && cred.integrationId !== token.integrationId) {
    throw new ForbiddenError('this token does not belong to the integration in x-integration-id')
  }
  const installation = await findCallerInstallation(db, {
    botId: cred.botId,
    integrationId: token.integrationId!,
    alias: cred.integrationAlias,
  })
  if (!installation) throw new ForbiddenError('this integration is not installed in the bot in x-bot-id')
  return { caller: { kind: 'integration', botId: cred.botId, installation }, token }
}
