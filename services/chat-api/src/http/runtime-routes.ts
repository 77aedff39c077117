import type { FastifyInstance, FastifyRequest } from 'fastify'
import { NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { credentialsOf } from '../auth/request-caller.js'
import { callAction } from '../chat/actions.js'
import * as conversations from '../chat/conversations.js'
import type { ChatDeps } from '../chat/deps.js'
import * as events from '../chat/events.js'
import * as messages from '../chat/messages.js'
import * as participants from '../chat/participants.js'
import { afterRequestCommit, requestTransactionPool } from '../chat/request-transaction.js'
import * as states from '../chat/states.js'
import * as users from '../chat/users.js'
import { setInstallationIdentifier } from '../registry/installations.js'
import { registerIncomingRoutes } from './routes/incoming.js'
import { registerInsightRoutes } from './routes/insights.js'
import { authenticateCallers, routeKit, type RouteKit } from './routes/kit.js'
import { registerTaskRoutes } from './routes/tasks.js'
import { registerWorkflowRoutes } from './routes/workflows.js'
import { schemas as s } from './schemas.js'

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller
  }
}

/**
 * The Runtime HTTP API `/v1/chat/*` that @botpress/client calls (ARCHITECTURE.md §5). Every route
 * authenticates first, validates its input with zod (400 names the field), and answers
 * `{resource}` / `{resource, meta}`; creations answer 201.
 */
export function registerRuntimeRoutes(app: FastifyInstance, base: ChatDeps): void {
  // A write with an Idempotency-Key runs inside one transaction with its key (see `route`).
  const deps: ChatDeps = {
    ...base,
    pool: requestTransactionPool(base.pool),
    onOutbox: afterRequestCommit(base.onOutbox),
  }
  // Cached per token for AUTH_CACHE_TTL_MS, dropped at once on a revoke or installation change.
  authenticateCallers(app, (req) => deps.callers.resolve(deps.pool, credentialsOf(req.headers)))
  const { route, body, query, params, idOf } = routeKit(app, base.pool, { writesJoinKeys: true })

  // Conversations
  route(
    'POST',
    '/conversations',
    async (req, c) => ({
      conversation: await conversations.createConversation(deps, c, body(s.createConversation, req)),
    }),
    201,
  )
  route('POST', '/conversations/get-or-create', async (req, c) => {
    const r = await conversations.getOrCreateConversation(deps, c, body(s.getOrCreateConversation, req))
    return { conversation: r.conversation, meta: { created: r.created } }
  })
  route('GET', '/conversations/:id', async (req, c) => ({
    conversation: await conversations.getConversation(deps, c, idOf(req)),
  }))
  route('PUT', '/conversations/:id', async (req, c) => ({
    conversation: await conversations.updateConversation(deps, c, idOf(req), body(s.updateConversation, req)),
  }))
  route('DELETE', '/conversations/:id', async (req, c) => {
    await conversations.deleteConversation(deps, c, idOf(req))
    return {}
  })
  route('GET', '/conversations', async (req, c) => {
    const r = await conversations.listConversations(deps, c, query(s.listConversations, req))
    return { conversations: r.conversations, meta: { nextToken: r.nextToken } }
  })

  // Participants
  route('GET', '/conversations/:id/participants', async (req, c) => {
    const r = await participants.listParticipants(deps, c, idOf(req), query(s.listParticipants, req))
    return { participants: r.participants, meta: { nextToken: r.nextToken } }
  })
  route('POST', '/conversations/:id/participants', async (req, c) => ({
    participant: await participants.addParticipant(deps, c, idOf(req), body(s.addParticipant, req).userId),
  }))
  route('GET', '/conversations/:id/participants/:userId', async (req, c) => {
    const p = params(s.participantParams, req)
    return { participant: await participants.getParticipant(deps, c, p.id, p.userId) }
  })
  route('DELETE', '/conversations/:id/participants/:userId', async (req, c) => {
    const p = params(s.participantParams, req)
    await participants.removeParticipant(deps, c, p.id, p.userId)
    return {}
  })

  // Users
  route(
    'POST',
    '/users',
    async (req, c) => ({ user: await users.createUser(deps, c, body(s.createUser, req)) }),
    201,
  )
  route('POST', '/users/get-or-create', async (req, c) => {
    const r = await users.getOrCreateUser(deps, c, body(s.getOrCreateUser, req))
    return { user: r.user, meta: { created: r.created } }
  })
  route('GET', '/users/:id', async (req, c) => ({ user: await users.getUser(deps, c, idOf(req)) }))
  route('PUT', '/users/:id', async (req, c) => ({
    user: await users.updateUser(deps, c, idOf(req), body(s.updateUser, req)),
  }))
  route('DELETE', '/users/:id', async (req, c) => {
    await users.deleteUser(deps, c, idOf(req))
    return {}
  })
  route('GET', '/users', async (req, c) => {
    const r = await users.listUsers(deps, c, query(s.listUsers, req))
    return { users: r.users, meta: { nextToken: r.nextToken } }
  })

  // Messages
  route(
    'POST',
    '/messages',
    async (req, c) => ({ message: await messages.createMessage(deps, c, body(s.createMessage, req)) }),
    201,
  )
  route('POST', '/messages/get-or-create', async (req, c) => {
    const r = await messages.getOrCreateMessage(deps, c, body(s.getOrCreateMessage, req))
    return { message: r.message, meta: { created: r.created } }
  })
  route('GET', '/messages/:id', async (req, c) => ({
    message: await messages.getMessage(deps, c, idOf(req)),
  }))
  route('PUT', '/messages/:id', async (req, c) => ({
    message: await messages.updateMessage(deps, c, idOf(req), body(s.updateMessage, req)),
  }))
  route('DELETE', '/messages/:id', async (req, c) => {
    await messages.deleteMessage(deps, c, idOf(req))
    return {}
  })
  route('GET', '/messages', async (req, c) => {
    const r = await messages.listMessages(deps, c, query(s.listMessages, req))
    return { messages: r.messages, meta: { nextToken: r.nextToken } }
  })

  // States
  const stateKey = (req: FastifyRequest) => params(s.stateParams, req)
  route('GET', '/states/:type/:id/:name', async (req, c) => ({
    state: await states.getState(deps, c, stateKey(req)),
    meta: { cached: false },
  }))
  route('POST', '/states/:type/:id/:name', async (req, c) => ({
    state: await states.setState(deps, c, stateKey(req), body(s.setState, req)),
  }))
  route('PATCH', '/states/:type/:id/:name', async (req, c) => ({
    state: await states.patchState(deps, c, stateKey(req), body(s.patchState, req)),
  }))
  route('POST', '/states/:type/:id/:name/expiry', async (req, c) => ({
    state: await states.setStateExpiry(deps, c, stateKey(req), body(s.setStateExpiry, req)),
  }))
  route('POST', '/states/:type/:id/:name/get-or-set', async (req, c) => ({
    state: await states.getOrSetState(deps, c, stateKey(req), body(s.getOrSetState, req)),
    meta: { cached: false },
  }))

  // Events
  route(
    'POST',
    '/events',
    async (req, c) => ({ event: await events.createEvent(deps, c, body(s.createEvent, req)) }),
    201,
  )
  route('DELETE', '/events/scheduled/:id', async (req, c) => {
    await events.cancelScheduledEvent(deps, c, idOf(req))
    return {}
  })
  route('GET', '/events/:id', async (req, c) => ({ event: await events.getEvent(deps, c, idOf(req)) }))
  route('GET', '/events', async (req, c) => {
    const r = await events.listEvents(deps, c, query(s.listEvents, req))
    return { events: r.events, meta: { nextToken: r.nextToken } }
  })

  // Actions
  route(
    'POST',
    '/actions',
    async (req, c) => {
      const r = await callAction(deps, c, body(s.callAction, req))
      return { output: r.output, meta: { cached: false } }
    },
    200,
    { once: false },
  )

  // Integrations
  route('POST', '/integrations/configure', async (req, c) => {
    if (c.kind !== 'integration')
      throw new NotFoundError('only an integration can configure itself; no integration')
    const input = body(s.configureIntegration, req)
    await setInstallationIdentifier(deps.pool, c.installation.id, input.identifier ?? null)
    return {}
  })

  // The route modules of the newer operations, with the same helpers.
  const kit: RouteKit = { route, body, query, params, idOf }
  registerWorkflowRoutes(kit, deps)
  registerTaskRoutes(kit, deps)
  registerIncomingRoutes(kit, deps)
  registerInsightRoutes(kit, deps)
}
