/** A steady webhook load, sent the way a provider sends: at a fixed rate, retried until accepted. */

/** One webhook of the load and what became of it. */
export interface SentWebhook {
  index: number
  conversation: string
  text: string
  /** When its first attempt left (ms since the epoch). */
  sentAt: number
  /** The HTTP status that ended the retries (200/202 accepted), or 0 if it never was. */
  status: number
  attempts: number
}

/** What `sendLoad` sends. */
export interface LoadOptions {
  url: string
  total: number
  ratePerSecond: number
  conversations: number
  /** How long a provider keeps retrying one webhook before giving up. */
  retryForMs?: number
  /** Called as each webhook is accepted. */
  onAccepted?: (w: SentWebhook) => void
  /** The text of webhook i (default `loadText`); it is also its delivery id. */
  text?: (i: number) => string
}

/** The text of webhook `i` (the chaos run finds it again in Postgres, at the bot and at the sink). */
export const loadText = (i: number) => `chaos-${i}`
/** The external conversation webhook `i` belongs to. */
export const loadConversation = (i: number, conversations: number) => `c-${i % conversations}`

/**
 * Sends `total` webhooks, webhook i leaving at start + i / rate whatever the others do. Each carries
 * a delivery id (`x-delivery-id`, the integration's idempotency key), so a retry of an accepted one
 * is dropped by the stream's duplicate window; a refused or unanswered one is retried every 250 ms.
 */
export async function sendLoad(o: LoadOptions): Promise<SentWebhook[]> {
  const started = Date.now()
  const sends: Array<Promise<SentWebhook>> = []
  for (let i = 0; i < o.total; i++) {
    const wait = started + (i * 1000) / o.ratePerSecond - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    sends.push(sendOne(o, i))
  }
  return Promise.all(sends)
}

async function sendOne(o: LoadOptions, index: number): Promise<SentWebhook> {
  const conversation = loadConversation(index, o.conversations)
  const text = (o.text ?? loadText)(index)
  const w: SentWebhook = { index, conversation, text, sentAt: Date.now(), status: 0, attempts: 0 }
  const body = JSON.stringify({ conversationId: conversation, userId: `u-${conversation}`, text: w.text })
  const deadline = Date.now() + (o.retryForMs ?? 120_000)
  while (Date.now() < deadline) {
    w.attempts++
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-delivery-id': `load-${text}` },
        body,
        signal: AbortSignal.timeout(10_000),
      })
      await res.arrayBuffer()
      if (res.status < 300) {
        w.status = res.status
        o.onAccepted?.(w)
        return w
      }
    } catch {
      // Refused or cut off (ingress is down): the provider tries again.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return w
}
