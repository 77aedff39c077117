import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ForbiddenError, InvalidInputError } from '@switchboard/errors'
import { ANALYTICS_MAX_DAYS, botAnalytics } from '../../chat/analytics.js'
import type { ChatDeps } from '../../chat/deps.js'
import { parseWith } from '../schemas.js'
import { fields } from './fields.js'
import { authenticate } from './kit.js'

const day = fields.date
const schemas = {
  params: z.object({ id: z.string().min(1).max(100) }),
  query: z.object({ startDate: day, endDate: day }),
}

/**
 * `GET /v1/admin/bots/{id}/analytics` (the admin API's `getBotAnalytics`, which @botpress/client
 * calls): where the `trackAnalytics` counts, and the bot's message, user and event counts, are read
 * back. A bot token reads only its own bot. Registered under the `/v1/admin` prefix.
 */
export function registerBotAnalyticsRoutes(app: FastifyInstance, deps: ChatDeps): void {
  app.get('/bots/:id/analytics', async (req) => {
    const caller = await authenticate(deps.pool, req)
    const { id } = parseWith(schemas.params, req.params, 'path')
    if (caller.kind !== 'bot' || caller.botId !== id)
      throw new ForbiddenError('only the bot itself reads its analytics')
    const { startDate, endDate } = parseWith(schemas.query, req.query, 'query')
    const days = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1
    if (days < 1) throw new InvalidInputError('endDate: must not be before startDate')
    if (days > ANALYTICS_MAX_DAYS)
      throw new InvalidInputError(`endDate: at most ${ANALYTICS_MAX_DAYS} days from startDate`)
    return { records: await botAnalytics(deps.pool, id, startDate, endDate) }
  })
}
