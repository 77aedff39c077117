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
  /**
   * Position of this notice among the conversation's notices on its stream (1, 2, 3, …): stable across
   * redeliveries, so a receiver can tell a repeat from a new one. Order itself comes from the stream.
   */
  seq: number
  message: Record<string, unknown> & { id: string; type: string; payload: unknown }
  conversation: Record<string, unknown> & { id: string; channel: string; tags: Record<string, string> }
  user: (Record<string, unknown> & { id: string }) | null
}

/** An event an integration created, for the bot (SB_BOT). */
export interface EventCreatedNotice {
  kind: 'event_created'
  botId: string
  installationId: string | null
  /** Position among the conversation's notices on SB_BOT; absent for an event without a conversation. */
  seq?: number
  event: Record<string, unknown> & { id: string; type: string }
}

/**
 * A bot changed a message (SB_OUTGOING, in order with the conversation's outgoing messages): the
 * integration's `message_updated` handler for the channel and message type runs, in its view.
 */
export interface MessageUpdatedNotice {
  kind: 'message_updated'
  botId: string
  installationId: string
  seq: number
  conversation: MessageCreatedNotice['conversation']
  user: MessageCreatedNotice['user']
  currentMessage: MessageCreatedNotice['message']
  previousMessage: MessageCreatedNotice['message']
}

/** A bot changed a conversation's tags (SB_OUTGOING): the integration's `conversation_updated` runs. */
export interface ConversationUpdatedNotice {
  kind: 'conversation_updated'
  botId: string
  installationId: string
  seq: number
  currentConversation: MessageCreatedNotice['conversation']
  previousConversation: MessageCreatedNotice['conversation']
}

/**
 * A bot was deployed (created, or given another bundle or endpoint) or deleted (SB_BOT, subject
 * `sb.bot.<botId>.lifecycle`): the bot's `ping` then `register`, or its `unregister`, runs. It
 * carries the bot as it was, because a deleted bot is no longer readable.
 */
export interface BotLifecycleNotice {
  kind: 'bot_register' | 'bot_unregister'
  bot: { id: string; name: string; bundleSha256: string | null; endpointUrl: string | null }
}

/** Every notice on the work streams. */
export type ChatNotice =
  | BotLifecycleNotice
  | MessageCreatedNotice
  | EventCreatedNotice
  | LifecycleNotice
  | MessageUpdatedNotice
  | ConversationUpdatedNotice

/**
 * Run an installation's `register` or `unregister` handler (SB_OUTGOING, subject
 * `names.subjects.lifecycle`). It carries the installation as it was, because an
 * installation being deleted is no longer readable in full.
 */
export interface LifecycleNotice {
  kind: 'register' | 'unregister'
  botId: string
  installationId: string
  integrationId: string
  alias: string
  webhookId: string
}

/** What the dispatcher publishes on `sb.logs.<installationId>` after each handler call. */
export interface HandlerLogRecord {
  time: string
  installationId: string
  /** `webhook_received`, `message_created`, `action_triggered`, `register`, `unregister`. */
  operation: string
  /** `ok`, or `failed` with `error` (the handler's answer or why it could not run). */
  outcome: 'ok' | 'failed'
  status?: number
  durationMs: number
  error?: string
  traceId?: string
  /** What the handler reported through `metadata.setCost` (action calls that set one). */
  cost?: number
}
