import type { admin } from '@switchboard/proto'
import type { FeedEntry } from './live-feed.js'

/** Header names whose values the console never shows (credentials a provider sent, signatures). */
const SENSITIVE_HEADER = /authorization|cookie|token|secret|signature|api[-_]?key|password|session/i

/** Headers with the values of sensitive ones replaced. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k] = SENSITIVE_HEADER.test(k) ? '[redacted]' : v
  return out
}

/** A JSON value with the values of sensitive-looking keys (a provider's `token` in a body) replaced. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_HEADER.test(k) ? '[redacted]' : redactJson(v)
  return out
}

/** A body as text, with sensitive-looking keys redacted when it is JSON. */
function redactBody(text: string): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(text)), null, 2)
  } catch {
    return text
  }
}

/** An installation's state as one word: what the console's badge shows. */
export type InstallationStatus = 'Ready' | 'Pending' | 'Failed' | 'Disabled' | 'Unregistering'

/** An installation as the console shows it: no configuration, no token. */
export interface InstallationView {
  id: string
  botId: string
  botName: string
  integration: string
  alias: string
  enabled: boolean
  status: InstallationStatus
  statusMessage: string
  webhookUrl: string
  lastCalls: FeedEntry[]
}

/** The one-word status of an installation, from its enabled flag and its registration. */
export function statusOf(i: admin.Installation__Output): InstallationStatus {
  const state = i.registration?.state
  if (state === 'unregistering') return 'Unregistering'
  if (!i.enabled) return 'Disabled'
  if (state === 'registered') return 'Ready'
  if (state === 'failed') return 'Failed'
  return 'Pending'
}

/** The console's view of an installation. */
export function installationView(
  i: admin.Installation__Output,
  botName: string,
  webhookBaseUrl: string,
  lastCalls: FeedEntry[],
): InstallationView {
  return {
    id: i.id,
    botId: i.botId,
    botName,
    integration: `${i.integrationName}@${i.integrationVersion}`,
    alias: i.alias,
    enabled: i.enabled,
    status: statusOf(i),
    statusMessage: i.registration?.message ?? '',
    webhookUrl: `${webhookBaseUrl.replace(/\/$/, '')}/${i.webhookId}`,
    lastCalls,
  }
}

/** What a dead letter's original message was, decoded for reading (webhook envelopes unpacked). */
export type Original =
  | {
      kind: 'webhook'
      method: string
      path: string
      query: string
      headers: Record<string, string>
      body: string
    }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }

/**
 * Decodes a dead letter's original bytes: a webhook envelope is unpacked; headers and JSON keys that
 * look like credentials are redacted.
 */
export function decodeOriginal(dataBase64: string): Original {
  const text = Buffer.from(dataBase64, 'base64').toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'text', text }
  }
  const e = value as Partial<Record<'method' | 'path' | 'query' | 'bodyBase64', string>> & {
    headers?: Record<string, string>
  }
  if (e && typeof e === 'object' && typeof e.bodyBase64 === 'string' && e.headers) {
    return {
      kind: 'webhook',
      method: e.method ?? '',
      path: e.path ?? '/',
      query: e.query ?? '',
      headers: redactHeaders(e.headers),
      body: redactBody(Buffer.from(e.bodyBase64, 'base64').toString('utf8')),
    }
  }
  return { kind: 'json', value: redactJson(value) }
}

/** A dead letter as the console shows it. */
export function deadLetterView(l: admin.DeadLetter__Output) {
  return {
    deadSeq: Number(l.deadSeq),
    stream: l.stream,
    subject: l.subject,
    installationId: l.installationId,
    deliveryCount: l.deliveryCount,
    reason: l.reason,
    deadAt: l.deadAt,
    headers: redactHeaders(l.headers),
    original: decodeOriginal(l.dataBase64),
  }
}
