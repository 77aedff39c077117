import type { JsMsg } from '@nats-io/jetstream'
import { InvalidInputError } from '@switchboard/errors'
import type { BotLifecycleNotice, EventCreatedNotice, MessageCreatedNotice } from '@switchboard/nats'
import { deliveryIdOf } from '../invoke/delivery-id.js'
import type { Invoker } from '../invoke/invoker.js'
import type { Registry } from '../registry/registry.js'
import { handleBotLifecycle } from './bot-lifecycle.js'

/** Dependencies of the bot handler. */
export interface BotDeps {
  registry: Registry
  invoker: Invoker
}

/**
 * Handles one SB_BOT message: delivers an incoming message, or an integration's event, to the bot as
 * `event_received` — the shape the SDK's bot server expects: header `x-bp-type` and body `{event}`,
 * where a message arrives as an event of type `message_created` with `{message, user, conversation}`.
 * Events include the bot's own and scheduled ones, `state_expired` and `workflow_update`; a bot's
 * deployment runs its `ping` and `register` (bot-lifecycle.ts).
 */
export async function handleBot(deps: BotDeps, msg: JsMsg): Promise<void> {
  let parsed: MessageCreatedNotice | EventCreatedNotice | BotLifecycleNotice
  try {
    parsed = msg.json<MessageCreatedNotice | EventCreatedNotice | BotLifecycleNotice>()
  } catch (err) {
    throw new InvalidInputError('bot notice is not JSON', { cause: err })
  }
  if (parsed.kind === 'bot_register' || parsed.kind === 'bot_unregister')
    return handleBotLifecycle(deps, parsed as BotLifecycleNotice)
  const notice = parsed as MessageCreatedNotice | EventCreatedNotice
  const target = await deps.registry.bot(notice.botId)
  if (notice.kind === 'message_created') {
    const { message, user, conversation } = notice
    const event = {
      id: `evt_${message.id}`,
      type: 'message_created',
      createdAt: message.createdAt,
      payload: { message, user, conversation },
      conversationId: conversation.id,
      userId: message.userId,
      messageId: message.id,
      status: 'pending',
      failureReason: null,
    }
    await deps.invoker.bot(target, 'event_received', 'message_created', { event }, deliveryIdOf(msg))
    return
  }
  if (notice.kind === 'event_created') {
    await deps.invoker.bot(
      target,
      'event_received',
      notice.event.type,
      { event: notice.event },
      deliveryIdOf(msg),
    )
    return
  }
  throw new InvalidInputError(`unexpected notice kind ${String((notice as { kind?: unknown }).kind)}`)
}
