import type { ConversationUpdatedNotice, MessageUpdatedNotice } from '@switchboard/nats'
import type { Invoker } from '../invoke/invoker.js'
import type { Registry } from '../registry/registry.js'

/** Dependencies of the update handler. */
export interface UpdateDeps {
  registry: Registry
  invoker: Invoker
}

/**
 * A bot changed a message or a conversation: the integration's `message_updated` (body `{type,
 * payload, conversation, user, currentMessage, previousMessage}`) or `conversation_updated` (body
 * `{currentConversation, previousConversation}`) runs, as the SDK's integration server reads them.
 * The SDK answers 200 without calling anything when the channel has no such handler. `deliveryId`
 * names the notice, as for `message_created`, so a re-run creates nothing twice.
 */
export async function handleUpdate(
  deps: UpdateDeps,
  notice: MessageUpdatedNotice | ConversationUpdatedNotice,
  deliveryId?: string,
): Promise<void> {
  const target = await deps.registry.target(notice.installationId)
  if (!target.installation.enabled) return
  if (notice.kind === 'message_updated') {
    await deps.invoker.integration(
      target,
      'message_updated',
      {
        type: notice.currentMessage.type,
        payload: notice.currentMessage.payload,
        conversation: notice.conversation,
        user: notice.user,
        currentMessage: notice.currentMessage,
        previousMessage: notice.previousMessage,
      },
      deliveryId,
    )
    return
  }
  await deps.invoker.integration(
    target,
    'conversation_updated',
    {
      currentConversation: notice.currentConversation,
      previousConversation: notice.previousConversation,
    },
    deliveryId,
  )
}
