import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { AsyncService, chat } from '@switchboard/proto'
import type { Caller } from '../auth/caller.js'
import { findCallerInstallation } from '../auth/resolve-caller.js'
import { callAction } from '../chat/actions.js'
import * as conversations from '../chat/conversations.js'
import type { ChatDeps } from '../chat/deps.js'
import * as events from '../chat/events.js'
import * as messages from '../chat/messages.js'
import * as participants from '../chat/participants.js'
import * as states from '../chat/states.js'
import * as users from '../chat/users.js'
import { loadConversation } from '../chat/access.js'
import { checkPayloadSize } from '../chat/payload-size.js'
import {
  conversationView,
  type ConversationView,
  type EventView,
  type MessageView,
  type StateView,
  type UserView,
} from '../chat/views.js'

async function callerOf(deps: ChatDeps, scope: chat.Scope__Output | null): Promise<Caller> {
  if (!scope?.botId) throw new InvalidInputError('scope.botId: required')
  const bot = await deps.pool.query(`SELECT 1 FROM bots WHERE id = $1`, [scope.botId])
  if (!bot.rowCount) throw new NotFoundError(`bot ${scope.botId}`)
  if (!scope.installationId) return { kind: 'bot', botId: scope.botId }
  const installation = await findCallerInstallation(deps.pool, {
    botId: scope.botId,
    installationId: scope.installationId,
  })
  if (!installation) throw new NotFoundError(`installation ${scope.installationId} of bot ${scope.botId}`)
  return { kind: 'integration', botId: scope.botId, installation }
}

function json(field: string, s: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(s || '{}') as unknown
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object')
  } catch (err) {
    throw new InvalidInputError(`${field}: must be a JSON object`, { cause: err })
  }
  checkPayloadSize(field, v)
  return v as Record<string, unknown>
}

const userMsg = (u: UserView): chat.User => ({
  ...u,
  name: u.name ?? '',
  pictureUrl: u.pictureUrl ?? '',
  attributes: u.attributes ?? {},
})
const conversationMsg = (c: ConversationView, installationId = ''): chat.Conversation => ({
  ...c,
  installationId,
})
const messageMsg = (m: MessageView): chat.Message => ({ ...m, payloadJson: JSON.stringify(m.payload) })
const stateMsg = (s: StateView): chat.State => ({
  ...s,
  ownerId: s.conversationId ?? s.userId ?? '',
  payloadJson: JSON.stringify(s.payload),
  expiresAt: s.expiresAt ?? '',
})
const eventMsg = (e: EventView): chat.Event => ({
  ...e,
  payloadJson: JSON.stringify(e.payload),
  conversationId: e.conversationId ?? '',
  userId: e.userId ?? '',
  messageId: e.messageId ?? '',
  failureReason: e.failureReason ?? '',
})
const opt = (s: string) => s || undefined

/** `switchboard.chat.v1.ChatService`: the chat domain for the platform's own services. */
export function chatService(deps: ChatDeps): AsyncService<chat.ChatServiceHandlers> {
  return {
    GetOrCreateUser: async (req) => {
      const r = await users.getOrCreateUser(deps, await callerOf(deps, req.scope), {
        tags: req.tags,
        name: opt(req.name),
        pictureUrl: opt(req.pictureUrl),
        discriminateByTags: req.discriminateByTags,
      })
      return { user: userMsg(r.user), created: r.created }
    },
    GetUser: async (req) => userMsg(await users.getUser(deps, await callerOf(deps, req.scope), req.id)),
    ListUsers: async (req) => {
      const r = await users.listUsers(deps, await callerOf(deps, req.scope), {
        tags: req.tags,
        conversationId: opt(req.conversationId),
        nextToken: opt(req.nextToken),
        pageSize: req.pageSize || undefined,
      })
      return { users: r.users.map(userMsg), nextToken: r.nextToken ?? '' }
    },
    GetOrCreateConversation: async (req) => {
      const r = await conversations.getOrCreateConversation(deps, await callerOf(deps, req.scope), {
        channel: req.channel,
        tags: req.tags,
        discriminateByTags: req.discriminateByTags,
      })
      return { conversation: conversationMsg(r.conversation), created: r.created }
    },
    GetConversation: async (req) => {
      const caller = await callerOf(deps, req.scope)
      const row = await loadConversation(deps.pool, caller, req.id)
      return conversationMsg(conversationView(caller, row), row.installation_id)
    },
    ListConversations: async (req) => {
      const r = await conversations.listConversations(deps, await callerOf(deps, req.scope), {
        tags: req.tags,
        channel: opt(req.channel),
        participantIds: req.participantIds,
        nextToken: opt(req.nextToken),
        pageSize: req.pageSize || undefined,
      })
      return { conversations: r.conversations.map((c) => conversationMsg(c)), nextToken: r.nextToken ?? '' }
    },
    AddParticipant: async (req) =>
      userMsg(
        await participants.addParticipant(
          deps,
          await callerOf(deps, req.scope),
          req.conversationId,
          req.userId,
        ),
      ),
    ListParticipants: async (req) => {
      const r = await participants.listParticipants(
        deps,
        await callerOf(deps, req.scope),
        req.conversationId,
        {
          nextToken: opt(req.nextToken),
          pageSize: req.pageSize || undefined,
        },
      )
      return { users: r.participants.map(userMsg), nextToken: r.nextToken ?? '' }
    },
    CreateMessage: async (req) =>
      messageMsg(
        await messages.createMessage(deps, await callerOf(deps, req.scope), {
          conversationId: req.conversationId,
          userId: req.userId,
          type: req.type,
          payload: json('payloadJson', req.payloadJson),
          tags: req.tags,
        }),
      ),
    GetMessage: async (req) =>
      messageMsg(await messages.getMessage(deps, await callerOf(deps, req.scope), req.id)),
    ListMessages: async (req) => {
      const r = await messages.listMessages(deps, await callerOf(deps, req.scope), {
        conversationId: opt(req.conversationId),
        tags: req.tags,
        nextToken: opt(req.nextToken),
        pageSize: req.pageSize || undefined,
      })
      return { messages: r.messages.map(messageMsg), nextToken: r.nextToken ?? '' }
    },
    GetState: async (req) =>
      stateMsg(
        await states.getState(deps, await callerOf(deps, req.scope), {
          type: req.type,
          id: req.ownerId,
          name: req.name,
        }),
      ),
    SetState: async (req) =>
      stateMsg(
        await states.setState(
          deps,
          await callerOf(deps, req.scope),
          { type: req.type, id: req.ownerId, name: req.name },
          {
            payload: json('payloadJson', req.payloadJson),
            expiry: req.expirySeconds ? req.expirySeconds * 1000 : null,
          },
        ),
      ),
    CreateEvent: async (req) =>
      eventMsg(
        await events.createEvent(deps, await callerOf(deps, req.scope), {
          type: req.type,
          payload: json('payloadJson', req.payloadJson),
          conversationId: opt(req.conversationId),
          userId: opt(req.userId),
          messageId: opt(req.messageId),
        }),
      ),
    GetEvent: async (req) => eventMsg(await events.getEvent(deps, await callerOf(deps, req.scope), req.id)),
    CallAction: async (req) => {
      const r = await callAction(deps, await callerOf(deps, req.scope), {
        type: req.type,
        input: json('inputJson', req.inputJson),
      })
      return { outputJson: JSON.stringify(r.output) }
    },
  }
}
