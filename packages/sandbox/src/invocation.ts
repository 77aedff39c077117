/**
 * The invocation protocol between the dispatcher and a bundle (ARCHITECTURE.md §6): the operations
 * the SDK's integration and bot servers dispatch on, and the headers they read. Every caller builds
 * its headers from here.
 */

/** The operations `@botpress/sdk`'s integration server handles (`x-bp-operation`). */
export const INTEGRATION_OPERATIONS = [
  'webhook_received',
  'message_created',
  'action_triggered',
  'register',
  'unregister',
  'ping',
  'create_user',
  'create_conversation',
  'message_updated',
  'conversation_updated',
] as const
/** One of `INTEGRATION_OPERATIONS`. */
export type IntegrationOperation = (typeof INTEGRATION_OPERATIONS)[number]

/** The operations `@botpress/sdk`'s bot server handles (`x-bp-operation`; each also needs `x-bp-type`). */
export const BOT_OPERATIONS = [
  'event_received',
  'register',
  'unregister',
  'ping',
  'action_triggered',
] as const
/** One of `BOT_OPERATIONS`. */
export type BotOperation = (typeof BOT_OPERATIONS)[number]

/** Header names of an invocation, as the SDK reads them. */
export const INVOKE_HEADERS = {
  operation: 'x-bp-operation',
  /** The bot server's sub-type: the event type for `event_received`, else the operation again. */
  type: 'x-bp-type',
  botId: 'x-bot-id',
  botUserId: 'x-bot-user-id',
  integrationId: 'x-integration-id',
  integrationAlias: 'x-integration-alias',
  webhookId: 'x-webhook-id',
  /** base64 of the configuration JSON. */
  configuration: 'x-bp-configuration',
  /** Which of the integration's `configurations` the installation uses; absent for the default one. */
  configurationType: 'x-bp-configuration-type',
} as const

/** The configuration header's value: base64 of its JSON. */
export function encodeConfiguration(configuration: unknown): string {
  return Buffer.from(JSON.stringify(configuration)).toString('base64')
}
