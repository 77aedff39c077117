import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ForbiddenError, InvalidInputError } from '@switchboard/errors'
import { ANALYTICS_MAX_DAYS, botAnalytics } from '../../chat/analytics.js'
import type { ChatDeps } from '../../chat/deps.js'
import { authenticateCallers } from '../runtime-routes.js'
import { routeKit } from './kit.js'

const day = z.iso.date({ message: 'must be a date YYYY-MM-DD' })
const schemas = {
  params: z.object({ id: z.string().min(1).max(100) }),
  query: z.object({ startDate: day, endDate: day }),
}

/**
 * `GET /v1/admin/bots/{id}/analytics` (the admin API's `getBotAnalytics`, which @botpress/client
 * calls): where the `trackAnalytics` counts, and the bot's message, user and event counts, are read
 * back. A bot token reads only its own bot.
 */
export function registerBotAnalyticsRoutes(app: FastifyInstance, deps: ChatDeps): void {
  authenticateCallers(app, deps)
  const { route, query, params } = routeKit(app)
  route('GET', '/bots/:id/analytics', async (req, c) => {
    const { id } = params(schemas.params, req)
    if (c.kind !== 'bot' || c.botId !== id)
      throw new ForbiddenError('only the bot itself reads its analytics')
    const { startDate, endDate } = query(schemas.query, req)
    const days = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1
    if (days < 1) throw new InvalidInputError('endDate: must not be before startDate')
    if (days > ANALYTICS_MAX_DAYS)
      throw new InvalidInputError(`endDate: at most ${ANALYTICS_MAX_DAYS} days from startDate`)
    return { records: await botAnalytics(deps.pool, id, startDate, endDate) }
  })
}
