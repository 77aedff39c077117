/**
 * What chat-api publishes for the dispatcher (SB_BOT and SB_OUTGOING): everything needed to invoke
 * the recipient without another lookup. Objects are in the *recipient's* view of tags: prefixed for a
 * bot, unprefixed for the integration.
 */
export interface MessageCreatedNotice {
  kind: 'message_created'
  botId: string
  installationId: string
  integrationId: string
  alias: string
  direction: 'incoming' | 'outgoing'
  message: Record<string, unknown> & { id: string; type: string; payload: unknown }
  conversation: Record<string, unknown> & { id: string; channel: string; tags: Record<string, string> }
  user: (Record<string, unknown> & { id: string }) | null
}

/** An event an integration created, for the bot (SB_BOT). */
export interface EventCreatedNotice {
  kind: 'event_created'
  botId: string
  installationId: string | null
  event: Record<string, unknown> & { id: string; type: string }
}

/** Every notice on the work streams. */
export type ChatNotice = MessageCreatedNotice | EventCreatedNotice
