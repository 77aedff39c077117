import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { AdminClient } from '@switchboard/proto'
import type { LiveFeed } from './live-feed.js'
import type { SandboxBoard } from './sandbox-board.js'
import { requireAdmin, type Role } from './roles.js'
import { deadLetterView, installationView } from './views.js'

/** What the console's API needs. */
export interface ConsoleApiDeps {
  admin: AdminClient
  feed: LiveFeed
  sandboxes: SandboxBoard
  webhookBaseUrl: string
}

/** One API request: the caller's role, the path's parameters, the query and the JSON body. */
export interface ApiRequest {
  role: Role
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
}

type Handler = (req: ApiRequest) => Promise<unknown>

/** The JSON routes of `/api`, as `METHOD /path/:param` → handler. Every read and action is an admin RPC. */
export function consoleApi(deps: ConsoleApiDeps): Record<string, Handler> {
  const { admin, feed } = deps
  const botNames = async () => new Map((await admin.ListBots({})).bots.map((b) => [b.id, b.name]))
  return {
    'GET /api/me': async ({ role }) => ({ role }),
    'GET /api/installations': async () => {
      const [{ installations }, names] = await Promise.all([admin.ListInstallations({}), botNames()])
      return installations.map((i) =>
        installationView(i, names.get(i.botId) ?? i.botId, deps.webhookBaseUrl, feed.calls(i.id).slice(0, 5)),
      )
    },
    'GET /api/installations/:id': async ({ params }) => {
      const i = await admin.GetInstallation({ id: params.id!, botId: '', alias: '', webhookId: '' })
      const names = await botNames()
      return installationView(i, names.get(i.botId) ?? i.botId, deps.webhookBaseUrl, feed.calls(i.id))
    },
    'GET /api/bots': async () => (await admin.ListBots({})).bots.map((b) => ({ id: b.id, name: b.name })),
    'GET /api/conversations': async ({ query }) => {
      const botId = query.get('botId') ?? ''
      const tags: Record<string, string> = {}
      const tag = query.get('tag')
      if (tag) {
        const at = tag.indexOf('=')
        if (at < 1) throw new InvalidInputError('tag: expected key=value, e.g. webhook:id=chat-1')
        tags[tag.slice(0, at)] = tag.slice(at + 1)
      }
      const r = await admin.ListConversations({
        botId,
        tags,
        nextToken: query.get('next') ?? '',
        pageSize: 50,
      })
      return { conversations: r.conversations, next: r.nextToken }
    },
    'GET /api/conversations/:id/messages': async ({ params, query }) => {
      const r = await admin.ListMessages({
        botId: query.get('botId') ?? '',
        conversationId: params.id!,
        nextToken: query.get('next') ?? '',
        pageSize: 100,
      })
      return {
        messages: r.messages.map((m) => ({ ...m, payload: JSON.parse(m.payloadJson || '{}') as unknown })),
        next: r.nextToken,
      }
    },
    'GET /api/dead-letters': async ({ query }) =>
      (await admin.ListDeadLetters({ installationId: query.get('installationId') ?? '' })).deadLetters.map(
        deadLetterView,
      ),
    'POST /api/dead-letters/replay': async ({ role, body }) => {
      requireAdmin(role, 'replay dead letters')
      const b = (body ?? {}) as { deadSeqs?: unknown; all?: unknown }
      const all = b.all === true
      const seqs = Array.isArray(b.deadSeqs) ? b.deadSeqs : []
      if (!all && (!seqs.length || !seqs.every((s) => Number.isSafeInteger(s) && (s as number) > 0)))
        throw new InvalidInputError('body: expected {"deadSeqs": [positive integers]} or {"all": true}')
      const r = await admin.ReplayDeadLetters({ all, deadSeqs: all ? [] : seqs.map(String) })
      return { replayed: r.replayed.map(deadLetterView), at: new Date().toISOString() }
    },
    'GET /api/live/recent': async () => feed.recent(),
    'GET /api/sandboxes': async () => {
      const [{ integrations }, { bots }] = await Promise.all([admin.ListIntegrations({}), admin.ListBots({})])
      const names = new Map([
        ...integrations.map((i) => [i.id, `${i.name}@${i.version}`] as const),
        ...bots.map((b) => [b.id, `bot ${b.name}`] as const),
      ])
      return deps.sandboxes.rows().map((s) => ({
        key: s.key,
        name: names.get(s.key) ?? s.key,
        dispatcher: s.dispatcher,
        version: s.bundleSha256.slice(0, 12),
        running: s.running,
        memoryBytes: s.rssBytes ?? null,
        memoryLimitMb: s.memoryLimitMb,
        restarts: Math.max(0, s.starts - 1),
        crashes: s.crashes,
        startedAt: s.startedAt ? new Date(s.startedAt).toISOString() : null,
        reportedAt: s.reportedAt,
      }))
    },
  }
}

/** Finds the route for `method path`: its handler and path parameters, or NotFoundError. */
export function route(
  routes: Record<string, Handler>,
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } {
  const parts = path.split('/')
  for (const [key, handler] of Object.entries(routes)) {
    const [m, pattern] = key.split(' ') as [string, string]
    if (m !== method) continue
    const want = pattern.split('/')
    if (want.length !== parts.length) continue
    const params: Record<string, string> = {}
    const matches = want.every((w, i) => {
      if (!w.startsWith(':')) return w === parts[i]
      params[w.slice(1)] = decodePart(parts[i]!)
      return params[w.slice(1)] !== ''
    })
    if (matches) return { handler, params }
  }
  throw new NotFoundError(`route ${method} ${path}`)
}

/** A path segment, percent-decoded; a malformed escape is the caller's mistake (400), not ours. */
export function decodePart(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch (err) {
    throw new InvalidInputError(`path: malformed percent-encoding in ${JSON.stringify(part.slice(0, 100))}`, {
      cause: err,
    })
  }
}
