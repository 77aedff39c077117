/**
 * The `webhook` integration (see integration.definition.ts), written with `@botpress/sdk` the way any
 * Botpress integration is, so `bp build` and `buildIntegration` both build it.
 *
 * In: a POST of `{ conversationId, userId, text }` becomes a message in the conversation and from the
 * user tagged with those ids; `{ type: 'typing', conversationId, userId }` becomes a `typing` event;
 * a body with `challenge` is answered with the challenge instead.
 * Out: a `text` message the bot sends is POSTed as `{ conversationId, userId, text }` to the
 * configured `url`. Action `notify` POSTs `{ notification }` there too.
 */
import { Integration, RuntimeError, z, type DefaultIntegration } from '@botpress/sdk'

/** The integration's types, as `bp gen` would generate them from the definition. */
export type WebhookIntegration = DefaultIntegration<{
  name: 'webhook'
  version: '0.1.0'
  configuration: { url: string }
  channels: {
    channel: {
      messages: { text: { text: string } }
      conversation: { tags: { id: string } }
    }
  }
  user: { tags: { id: string } }
  actions: { notify: { input: { text: string }; output: { status: number } } }
  events: { typing: { userId: string } }
}>

const incoming = z.union([
  z.object({ challenge: z.string() }),
  z.object({ type: z.literal('typing'), conversationId: z.string().min(1), userId: z.string().min(1) }),
  z.object({ conversationId: z.string().min(1), userId: z.string().min(1), text: z.string() }),
])

const OUTGOING_TIMEOUT_MS = 10_000

function badRequest(message: string) {
  return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) }
}

export default new Integration<WebhookIntegration>({
  register: async ({ webhookUrl, logger }) => {
    logger.forBot().info(`webhook integration registered; the external service calls ${webhookUrl}`)
  },
  unregister: async ({ webhookUrl, logger }) => {
    logger.forBot().info(`webhook integration unregistered (${webhookUrl})`)
  },
  actions: {
    // A handled failure is a RuntimeError: the caller gets it as a 4xx with this message, not retried.
    notify: async ({ ctx, input }) => {
      const res = await fetch(ctx.configuration.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ notification: input.text }),
        signal: AbortSignal.timeout(OUTGOING_TIMEOUT_MS),
      })
      if (!res.ok) throw new RuntimeError(`the configured URL refused the notification (${res.status})`)
      return { status: res.status }
    },
  },
  handler: async ({ req, client }) => {
    let json: unknown
    try {
      json = JSON.parse(req.body ?? '')
    } catch {
      return badRequest('the body is not JSON')
    }
    const parsed = incoming.safeParse(json)
    if (!parsed.success) {
      return badRequest(
        'expected {"conversationId","userId","text"}, {"type":"typing","conversationId","userId"} or {"challenge"}',
      )
    }
    if ('challenge' in parsed.data) return { status: 200, body: parsed.data.challenge }
    if ('type' in parsed.data) {
      const { conversation } = await client.getOrCreateConversation({
        channel: 'channel',
        tags: { id: parsed.data.conversationId },
      })
      await client.createEvent({
        type: 'typing',
        payload: { userId: parsed.data.userId },
        conversationId: conversation.id,
      })
      return
    }

    const { conversationId, userId, text } = parsed.data
    const { conversation } = await client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: conversationId },
    })
    const { user } = await client.getOrCreateUser({ tags: { id: userId } })
    await client.createMessage({
      type: 'text',
      payload: { text },
      conversationId: conversation.id,
      userId: user.id,
      tags: {},
    })
  },
  channels: {
    channel: {
      messages: {
        text: async ({ ctx, conversation, user, message, payload }) => {
          const res = await fetch(ctx.configuration.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            // The message id is the same on every redelivery: the external service can drop a repeat
            // by it (a handler re-run after a crash has made its POST already).
            body: JSON.stringify({
              conversationId: conversation.tags.id,
              userId: user?.tags?.id,
              text: payload.text,
              messageId: message.id,
            }),
            signal: AbortSignal.timeout(OUTGOING_TIMEOUT_MS),
          })
          // A plain Error is a 5xx for the platform, so the delivery is retried.
          if (!res.ok) throw new Error(`the configured URL answered ${res.status}`)
        },
      },
    },
  },
})
