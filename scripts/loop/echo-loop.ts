/**
 * The loop the chaos run and the loop benchmark drive: the example integration installed in an
 * endpoint bot that answers every message with `createMessage` (`re: <text>`), posting outgoing
 * messages to a sink that stands in for the external service.
 */
import { Client } from '@botpress/client'
import { buildIntegration, EXAMPLES } from '@switchboard/cli'
import {
  installExample,
  startEndpointBot,
  type BotEvent,
  type EndpointBot,
  type ExampleBot,
  type ExampleHost,
  type Sink,
} from '@switchboard/dispatcher/testing'
import { IDEMPOTENCY_KEY_HEADER, INVOKE_HEADERS } from '@switchboard/sandbox'

/** A ready loop: webhooks POSTed to `url` come back at the sink as `re: <text>`. */
export interface EchoLoop {
  /** The installation's webhook URL at ingress. */
  url: string
  bot: ExampleBot
  endpoint: EndpointBot
  /** The example's integration id (for an integration's Runtime API token). */
  integrationId: string
  close(): Promise<void>
}

/** What `startEchoLoop` sets up. */
export interface EchoLoopOptions {
  botName: string
  /** Called as each bot event arrives, before it is answered. */
  onEvent?: (event: BotEvent) => void
  /** Whether this message gets an answer (default: every one). */
  answers?: (text: string) => boolean
}

/** Builds the example into `buildDir`, starts the endpoint bot, installs it and sends one warm-up. */
export async function startEchoLoop(
  host: Omit<ExampleHost, 'example'>,
  ingressUrl: string,
  sink: Sink,
  buildDir: string,
  o: EchoLoopOptions,
): Promise<EchoLoop> {
  const example = await buildIntegration(EXAMPLES.webhookIntegration, { outDir: buildDir })
  let answering: ((event: BotEvent, deliveryId: string | undefined) => Promise<number>) | undefined
  const endpoint = await startEndpointBot((event, headers) => {
    o.onEvent?.(event)
    const deliveryId = headers[INVOKE_HEADERS.deliveryId]
    return answering?.(event, typeof deliveryId === 'string' ? deliveryId : undefined) ?? 503
  })
  try {
    const { bot, webhookId } = await installExample({ ...host, example }, sink.url, {
      botName: o.botName,
      idempotencyKey: 'header:X-Delivery-Id',
      bot: { endpointUrl: endpoint.url, signingSecret: endpoint.secret },
    })
    // The bot answers each message in its conversation; a failure (chat-api down) is a 500: retried.
    // A careful endpoint bot: a notice delivered again (its dispatcher died before the ack) carries the
    // same delivery id, and the answer's Idempotency-Key derived from it makes chat-api return the first
    // answer instead of creating a second one (docs/adr/0006-effects-once.md).
    answering = async (event, deliveryId) => {
      const text = event.payload.message?.payload?.text
      if (event.type !== 'message_created' || text === undefined) return 200
      if (o.answers && !o.answers(text)) return 200
      const client = deliveryId
        ? new Client({
            apiUrl: host.apiUrl,
            botId: bot.id,
            token: bot.token,
            headers: { [IDEMPOTENCY_KEY_HEADER]: `${deliveryId}:answer` },
          })
        : bot.client
      await client.createMessage({
        conversationId: event.conversationId!,
        userId: bot.id,
        type: 'text',
        payload: { text: `re: ${text}` },
        tags: {},
      })
      return 200
    }
    const url = `${ingressUrl}/${webhookId}`
    const warm = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ conversationId: 'warm', userId: 'warm', text: 'warm-up' }),
    })
    if (warm.status >= 300) throw new Error(`the warm-up webhook was answered ${warm.status}`)
    const intg = await host.admin.GetIntegration({ id: '', name: 'webhook', version: '0.1.0' })
    return { url, bot, endpoint, integrationId: intg.id, close: () => endpoint.close() }
  } catch (err) {
    await endpoint.close()
    throw err
  }
}
