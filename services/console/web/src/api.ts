/** The console API's shapes, as the server sends them. */
export type Role = 'admin' | 'viewer'

export interface Call {
  time: string
  installationId: string
  operation: string
  outcome: 'ok' | 'failed'
  status?: number
  durationMs: number
  error?: string
  traceId?: string
}

export interface Installation {
  id: string
  botId: string
  botName: string
  integration: string
  alias: string
  enabled: boolean
  status: 'Ready' | 'Pending' | 'Failed' | 'Disabled' | 'Unregistering'
  statusMessage: string
  webhookUrl: string
  lastCalls: Call[]
}

export interface Conversation {
  id: string
  botId: string
  channel: string
  integration: string
  tags: Record<string, string>
  messageCount: number
  createdAt: string
}

export interface Message {
  id: string
  userId: string
  type: string
  direction: string
  payload: unknown
  tags: Record<string, string>
  createdAt: string
}

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

export interface DeadLetter {
  deadSeq: number
  stream: string
  subject: string
  installationId: string
  deliveryCount: number
  reason: string
  deadAt: string
  headers: Record<string, string>
  original: Original
}

/** An error the API answered with: its status and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const TOKEN_KEY = 'switchboard-console-token'

/** The signed-in token, kept for this browser tab only. */
export const session = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (t: string) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
}

/** Calls the console API with the signed-in token. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? session.get()}`,
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const json = (await res.json().catch(() => ({}))) as { message?: string }
  if (!res.ok) throw new ApiError(res.status, json.message ?? res.statusText)
  return json as T
}

/**
 * Follows the live feed (server-sent events over fetch, so the token travels in a header) and calls
 * `onCall` for each handler call; returns a function that stops.
 */
export function followLive(onCall: (c: Call) => void, onState: (connected: boolean) => void): () => void {
  const ctrl = new AbortController()
  void (async () => {
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch('/api/live', {
          headers: { authorization: `Bearer ${session.get()}` },
          signal: ctrl.signal,
        })
        if (!res.ok || !res.body) throw new Error(`live feed: ${res.status}`)
        onState(true)
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        let buf = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buf += value
          let at: number
          while ((at = buf.indexOf('\n\n')) >= 0) {
            const event = buf.slice(0, at)
            buf = buf.slice(at + 2)
            const data = event
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n')
            if (data) onCall(JSON.parse(data) as Call)
          }
        }
      } catch {
        if (ctrl.signal.aborted) return
      }
      onState(false)
      await new Promise((r) => setTimeout(r, 1000))
    }
  })()
  return () => ctrl.abort()
}
