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

/** The headers: their one home is the runner's protocol module, which the runner itself imports. */
export { INVOKE_HEADERS } from '@switchboard/runner'

/** The configuration header's value: base64 of its JSON. */
export function encodeConfiguration(configuration: unknown): string {
  return Buffer.from(JSON.stringify(configuration)).toString('base64')
}
