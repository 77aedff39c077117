import type { Caller } from '../auth/caller.js'
import { toVisibleTags, type StoredTags } from './tags.js'

/** A user as the Runtime API returns it. */
export interface UserView {
  id: string
  createdAt: string
  updatedAt: string
  tags: StoredTags
  name?: string
  pictureUrl?: string
  attributes?: Record<string, string>
}
/** A conversation as the Runtime API returns it. */
export interface ConversationView {
  id: string
  createdAt: string
  updatedAt: string
  channel: string
  integration: string
  tags: StoredTags
  messageCount: number
}
/** A message as the Runtime API returns it. */
export interface MessageView {
  id: string
  createdAt: string
  updatedAt: string
  type: string
  payload: Record<string, unknown>
  direction: 'incoming' | 'outgoing'
  userId: string
  conversationId: string
  tags: StoredTags
  origin?: 'synthetic'
}
/** A state as the Runtime API returns it. */
export interface StateView {
  id: string
  createdAt: string
  updatedAt: string
  botId: string
  conversationId?: string
  userId?: string
  name: string
  type: string
  payload: Record<string, unknown> | null
  expiry?: number
  expiresAt?: string
}
/** An event as the Runtime API returns it. */
export interface EventView {
  id: string
  createdAt: string
  type: string
  payload: Record<string, unknown>
  conversationId?: string
  userId?: string
  messageId?: string
  status: string
  failureReason: string | null
}

/** Row shapes as selected from Postgres. */
export interface UserRow {
  id: string
  bot_id: string
  installation_id: string | null
  tags: StoredTags
  name: string | null
  picture_url: string | null
  attributes: Record<string, string>
  created_at: Date
  updated_at: Date
}
/** A `users` row read back from `to_jsonb(u)` (its timestamps come as ISO strings). */
export function userRowFromJson(j: Record<string, unknown>): UserRow {
  const row = j as unknown as UserRow & { created_at: string; updated_at: string }
  return { ...row, created_at: new Date(row.created_at), updated_at: new Date(row.updated_at) }
}

export interface ConversationRow {
  id: string
  bot_id: string
  installation_id: string
  integration_name: string
  /** The installation's integration (CONVERSATION_SELECT). */
  integration_id: string
  /** The installation's alias (CONVERSATION_SELECT). */
  integration_alias: string
  channel: string
  tags: StoredTags
  message_count: number
  created_at: Date
  updated_at: Date
}
export interface MessageRow {
  id: string
  bot_id: string
  conversation_id: string
  user_id: string
  type: string
  payload: Record<string, unknown>
  direction: 'incoming' | 'outgoing'
  tags: StoredTags
  origin: string | null
  created_at: Date
  updated_at: Date
}
export interface StateRow {
  id: string
  bot_id: string
  type: string
  owner_id: string
  name: string
  payload: Record<string, unknown> | null
  expiry_ms: number | null
  expires_at: Date | null
  created_at: Date
  updated_at: Date
}
export interface EventRow {
  id: string
  bot_id: string
  type: string
  payload: Record<string, unknown>
  conversation_id: string | null
  user_id: string | null
  message_id: string | null
  status: string
  failure_reason: string | null
  created_at: Date
}

/** Maps a user row to the caller's view. */
export function userView(caller: Caller, r: UserRow): UserView {
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    tags: toVisibleTags(caller, r.tags),
    ...(r.name !== null && { name: r.name }),
    ...(r.picture_url !== null && { pictureUrl: r.picture_url }),
    attributes: r.attributes,
  }
}

/** Maps a conversation row to the caller's view. */
export function conversationView(caller: Caller, r: ConversationRow): ConversationView {
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    channel: r.channel,
    integration: r.integration_name,
    tags: toVisibleTags(caller, r.tags),
    messageCount: r.message_count,
  }
}

/** Maps a message row to the caller's view. */
export function messageView(caller: Caller, r: MessageRow): MessageView {
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    type: r.type,
    payload: r.payload,
    direction: r.direction,
    userId: r.user_id,
    conversationId: r.conversation_id,
    tags: toVisibleTags(caller, r.tags),
    ...(r.origin === 'synthetic' && { origin: 'synthetic' as const }),
  }
}

/** Maps a state row to the Runtime API view. */
export function stateView(r: StateRow): StateView {
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    botId: r.bot_id,
    ...(r.type === 'conversation' && { conversationId: r.owner_id }),
    ...(r.type === 'user' && { userId: r.owner_id }),
    name: r.name,
    type: r.type,
    payload: r.payload,
    ...(r.expiry_ms !== null && { expiry: r.expiry_ms }),
    ...(r.expires_at !== null && { expiresAt: r.expires_at.toISOString() }),
  }
}

/** Maps an event row to the caller's view: an integration sees its own event types unprefixed. */
export function eventView(caller: Caller, r: EventRow): EventView {
  const prefix = caller.kind === 'integration' ? `${caller.installation.alias}:` : ''
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    type: prefix && r.type.startsWith(prefix) ? r.type.slice(prefix.length) : r.type,
    payload: r.payload,
    ...(r.conversation_id && { conversationId: r.conversation_id }),
    ...(r.user_id && { userId: r.user_id }),
    ...(r.message_id && { messageId: r.message_id }),
    status: r.status,
    failureReason: r.failure_reason,
  }
}
