import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ChatDeps } from '../../chat/deps.js'
import { IMPORT_MAX, importMessages } from '../../chat/import-messages.js'
import { initializeIncomingMessage } from '../../chat/incoming.js'
import { fields as f } from './fields.js'
import { routeKit } from './kit.js'

const schemas = {
  initialize: z.object({
    userId: f.id.optional(),
    user: z
      .object({
        tags: f.tags,
        name: z.string().max(200).optional(),
        pictureUrl: z.string().max(40000).optional(),
        discriminateByTags: f.discriminateByTags,
      })
      .optional(),
    conversationId: f.id.optional(),
    conversation: z
      .object({ channel: z.string().min(1).max(200), tags: f.tags, discriminateByTags: f.discriminateByTags })
      .optional(),
    message: z
      .object({
        type: z.string().min(1).max(200),
        payload: f.jsonObject,
        tags: f.tags,
        origin: z.literal('synthetic').optional(),
        discriminateByTags: f.discriminateByTags,
      })
      .optional(),
  }),
  import: z.object({
    messages: z
      .array(
        z.object({
          conversationId: f.id,
          userId: f.id,
          type: z.string().min(1).max(200),
          payload: f.jsonObject,
          tags: f.tags,
          createdAt: f.dateTime,
          discriminateByTags: f.discriminateByTags,
        }),
      )
      .max(IMPORT_MAX),
  }),
}

/** `initializeIncomingMessage` and `importMessages`. */
export function registerIncomingRoutes(app: FastifyInstance, deps: ChatDeps): void {
  const { route, body } = routeKit(app)
  route('POST', '/initialize-incoming-message', async (req, c) =>
    initializeIncomingMessage(deps, c, body(schemas.initialize, req)),
  )
  route('POST', '/messages/import-messages', async (req, c) => ({
    messages: await importMessages(deps, c, body(schemas.import, req).messages),
  }))
}
