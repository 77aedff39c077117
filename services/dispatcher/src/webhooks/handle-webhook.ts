import type { JsMsg } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { InvalidInputError } from '@switchboard/errors'
import { REPLY_TO_HEADER, type WebhookEnvelope, type WebhookReply } from '@switchboard/nats'
import type { Invoker } from '../invoke/invoker.js'
import { deliveryIdOf } from '../invoke/delivery-id.js'
import { HandlerFailedError } from '../invoke/invoker.js'
import type { Registry } from '../registry/registry.js'

/** Dependencies of the webhook handler. */
export interface WebhookDeps {
  nc: NatsConnection
  registry: Registry
  invoker: Invoker
}

function parseEnvelope(msg: JsMsg): WebhookEnvelope {
  try {
    const e = msg.json<WebhookEnvelope>()
    if (!e.installationId || typeof e.bodyBase64 !== 'string') throw new Error('missing fields')
    return e
  } catch (err) {
    throw new InvalidInputError('webhook envelope is not valid JSON of the expected shape', { cause: err })
  }
}

/**
 * Handles one SB_WEBHOOKS message: invokes the integration's `webhook_received` handler with the
 * request, and sends the handler's answer to the reply subject ingress is waiting on. A 4xx answer
 * is final like a 2xx (acked, not retried nor dead-lettered). A disabled installation's requests are
 * dropped (acked) without running anything.
 */
export async function handleWebhook(deps: WebhookDeps, msg: JsMsg): Promise<void> {
  const envelope = parseEnvelope(msg)
  const target = await deps.registry.target(envelope.installationId)
  if (!target.installation.enabled) return
  const replyTo = msg.headers?.get(REPLY_TO_HEADER)
  const req = {
    method: envelope.method,
    path: envelope.path,
    query: envelope.query,
    headers: envelope.headers,
    body: Buffer.from(envelope.bodyBase64, 'base64').toString('utf8'),
  }
  try {
    const res = await deps.invoker.integration(target, 'webhook_received', { req }, deliveryIdOf(msg))
    if (replyTo) reply(deps.nc, replyTo, res.status, res.headers, res.body)
  } catch (err) {
    // A 4xx is the handler's final answer (the request was refused): relayed, and the message is done.
    // A 5xx or a failure to run is retried, and a caller still waiting gets 202.
    if (!(err instanceof HandlerFailedError) || err.response.status >= 500) throw err
    if (replyTo) reply(deps.nc, replyTo, err.response.status, err.response.headers, err.response.body)
  }
}

function reply(
  nc: NatsConnection,
  subject: string,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  const r: WebhookReply = { status, headers, bodyBase64: Buffer.from(body).toString('base64') }
  nc.publish(subject, JSON.stringify(r))
}
