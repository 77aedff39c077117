import type { JsMsg } from '@nats-io/jetstream'
import { InvalidInputError } from '@switchboard/errors'
import type { ChatNotice } from '@switchboard/nats'
import { deliveryIdOf } from '../invoke/delivery-id.js'
import type { Invoker } from '../invoke/invoker.js'
import { handleLifecycle, type LifecycleDeps } from '../lifecycle/handle-lifecycle.js'
import type { Registry } from '../registry/registry.js'
import { handleUpdate } from '../updates/handle-updates.js'

/** Dependencies of the outgoing-message handler. */
export interface OutgoingDeps extends LifecycleDeps {
  registry: Registry
  invoker: Invoker
}

/**
 * Handles one SB_OUTGOING message. A bot created a message: the integration's `message_created`
 * handler for the conversation's channel and the message type runs, with the conversation in the
 * integration's view (its own tags, unprefixed: the external ids it needs to answer). Or the bot
 * changed a message or a conversation: `message_updated` / `conversation_updated` runs. Or an
 * installation was created or deleted: its `register`/`unregister` handler runs.
 */
export async function handleOutgoing(deps: OutgoingDeps, msg: JsMsg): Promise<void> {
  let notice: ChatNotice
  try {
    notice = msg.json<ChatNotice>()
  } catch (err) {
    throw new InvalidInputError('outgoing notice is not JSON', { cause: err })
  }
  if (notice.kind === 'register' || notice.kind === 'unregister') return handleLifecycle(deps, notice, msg)
  if (notice.kind === 'message_updated' || notice.kind === 'conversation_updated')
    return handleUpdate(deps, notice, deliveryIdOf(msg))
  if (notice.kind !== 'message_created')
    throw new InvalidInputError(`unexpected notice kind ${String(notice.kind)}`)
  const target = await deps.registry.target(notice.installationId)
  if (!target.installation.enabled) return
  await deps.invoker.integration(
    target,
    'message_created',
    {
      conversation: notice.conversation,
      user: notice.user,
      type: notice.message.type,
      payload: notice.message.payload,
      message: notice.message,
    },
    deliveryIdOf(msg),
  )
}
