/**
 * What ingress publishes to SB_WEBHOOKS (`sb.webhook.<installationId>`) for each accepted request, and
 * what the dispatcher answers on the reply subject (ARCHITECTURE.md §4). The raw body travels as
 * base64 so any content type survives byte for byte.
 */
export interface WebhookEnvelope {
  installationId: string
  webhookId: string
  /** HTTP method as received. */
  method: string
  /** The path after `/<webhookId>`, starting with '/' ('' → '/'). */
  path: string
  /** The raw query string, without '?'. */
  query: string
  /** Request headers, lower-cased names; hop-by-hop headers removed. */
  headers: Record<string, string>
  bodyBase64: string
  /** ISO time ingress received the request. */
  receivedAt: string
}

/** The handler's answer, relayed by ingress to the webhook caller when it comes within syncTimeoutMs. */
export interface WebhookReply {
  status: number
  headers: Record<string, string>
  bodyBase64: string
}

/** NATS header naming the core-NATS subject ingress listens on for the handler's `WebhookReply`. */
export const REPLY_TO_HEADER = 'Sb-Reply-To'
