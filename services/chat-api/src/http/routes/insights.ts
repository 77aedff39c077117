import { z } from 'zod'
import { ANALYTICS_MAX_COUNT, trackAnalytics } from '../../chat/analytics.js'
import type { ChatDeps } from '../../chat/deps.js'
import { listTagValues, TAG_VALUE_TYPES } from '../../chat/tag-values.js'
import { fields as f } from './fields.js'
import type { RouteKit } from './kit.js'

const schemas = {
  tagKey: z.object({ key: z.string().min(1).max(500) }),
  tagValues: z.object({ type: z.enum(TAG_VALUE_TYPES), nextToken: f.nextToken }),
  analytics: z.object({
    name: z.string().min(1).max(200),
    count: z.number().int().min(1).max(ANALYTICS_MAX_COUNT),
  }),
}

/** `listTagValues` (the distinct values of a tag) and `trackAnalytics` (the bot's counters). */
export function registerInsightRoutes(kit: RouteKit, deps: ChatDeps): void {
  const { route, body, query, params } = kit
  route('GET', '/tags/:key/values', async (req, c) => {
    const r = await listTagValues(deps, c, {
      key: params(schemas.tagKey, req).key,
      ...query(schemas.tagValues, req),
    })
    return { tags: r.tags, meta: { nextToken: r.nextToken } }
  })
  route('POST', '/analytics', async (req, c) => {
    await trackAnalytics(deps, c, body(schemas.analytics, req))
    return {}
  })
}
