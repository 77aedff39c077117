import { InvalidInputError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { loadConversation, loadUser } from './access.js'
import { getConversation, getOrCreateConversation } from './conversations.js'
import type { ChatDeps } from './deps.js'
import { checkMessageType, getOrCreateMessage } from './messages.js'
import { toStoredTags } from './tags.js'
import { getOrCreateUser } from './users.js'
import {
  conversationView,
  userView,
  type ConversationView,
  type MessageView,
  type UserView,
} from './views.js'

/** What `initializeIncomingMessage` is given: each of user and conversation by id or by get-or-create. */
export interface IncomingMessageInput {
  userId?: string
  user?: {
    tags: Record<string, string>
    name?: string
    pictureUrl?: string
    discriminateByTags: string[]
  }
  conversationId?: string
  conversation?: { channel: string; tags: Record<string, string>; discriminateByTags: string[] }
  message?: {
    type: string
    payload: Record<string, unknown>
    tags: Record<string, string>
    origin?: 'synthetic'
    discriminateByTags: string[]
  }
}

/**
 * The one call an integration makes for an incoming message: gets or creates the user and the
 * conversation, then gets or creates the message in it (announced to the bot like any incoming
 * message). Everything that can be checked is checked before anything is written, so bad input
 * writes nothing.
 */
export async function initializeIncomingMessage(
  deps: ChatDeps,
  caller: Caller,
  input: IncomingMessageInput,
): Promise<{ user: UserView; conversation: ConversationView; message?: MessageView }> {
  if ((input.userId === undefined) === (input.user === undefined))
    throw new InvalidInputError('user: give exactly one of userId and user')
  if ((input.conversationId === undefined) === (input.conversation === undefined))
    throw new InvalidInputError('conversation: give exactly one of conversationId and conversation')
  toStoredTags(caller, input.user?.tags, 'user.tags')
  toStoredTags(caller, input.conversation?.tags, 'conversation.tags')
  if (input.message) {
    checkMessageType(input.message.type, 'message.type')
    toStoredTags(caller, input.message.tags, 'message.tags')
  }
  // Given ids are checked before anything is written, and their rows are the answer's.
  const userRow = input.userId ? await loadUser(deps.pool, caller, input.userId) : undefined
  const conversationRow = input.conversationId
    ? await loadConversation(deps.pool, caller, input.conversationId)
    : undefined

  // The conversation first: its channel is checked before anything is written.
  const conversation = input.conversation
    ? (await getOrCreateConversation(deps, caller, input.conversation)).conversation
    : conversationView(caller, conversationRow!)
  const user = input.user
    ? (await getOrCreateUser(deps, caller, input.user)).user
    : userView(caller, userRow!)
  if (!input.message) return { user, conversation }
  const { message } = await getOrCreateMessage(deps, caller, {
    ...input.message,
    conversationId: conversation.id,
    userId: user.id,
  })
  return { user, conversation: await getConversation(deps, caller, conversation.id), message }
}
