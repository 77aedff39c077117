import type { Logger } from '@switchboard/logging'
import type { NatsConnection } from '@switchboard/nats'
import type { WebhookLookup } from './lookup.js'

/**
 * Follows chat-api's installation change notices (`{installationId, webhookId}` on a core-NATS
 * subject) and drops the changed webhook ID from the lookup cache; a notice without a webhook ID
 * drops everything. Returns the subscription's `unsubscribe`.
 */
export function followInstallationChanges(
  nc: NatsConnection,
  subject: string,
  lookup: WebhookLookup,
  logger: Logger,
): () => void {
  const sub = nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return
      let webhookId: unknown
      try {
        webhookId = (msg.json() as { webhookId?: unknown } | null)?.webhookId
      } catch {
        webhookId = undefined
      }
      if (typeof webhookId === 'string' && webhookId) lookup.invalidate(webhookId)
      else {
        logger.warn({ subject }, 'installation change notice without a webhook ID; dropping the cache')
        lookup.clear()
      }
    },
  })
  return () => sub.unsubscribe()
}
