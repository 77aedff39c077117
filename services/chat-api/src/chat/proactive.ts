import { InvalidInputError } from '@switchboard/errors'
import type { Caller, CallerInstallation } from '../auth/caller.js'
import { getIntegration } from '../registry/integrations.js'
import { loadConversation, loadUser } from './access.js'
import { replyBody } from './actions.js'
import type { ChatDeps } from './deps.js'
import { toStoredTags, toVisibleTags, withoutRemovals } from './tags.js'
import { conversationView, userView, type ConversationView, type UserView } from './views.js'

/** `creation` of a channel's conversations or of users in an integration definition (SDK `bp read`). */
interface Creation {
  creation?: { enabled?: boolean }
}
interface CreationDefinition {
  channels?: Record<string, { conversation?: Creation }>
  user?: Creation
}

/** The tags a bot passed, in the integration's view: `<alias>:key` and plain `key` both mean `key`. */
function integrationTags(
  caller: Caller,
  inst: CallerInstallation,
  tags: Record<string, string | null> | undefined,
) {
  const stored = withoutRemovals(toStoredTags(caller, tags))
  const own: Caller = { kind: 'integration', botId: caller.botId, installation: inst }
  const plain = Object.fromEntries(Object.entries(stored).filter(([k]) => !k.includes(':')))
  return { ...plain, ...toVisibleTags(own, stored) }
}

async function definitionOf(deps: ChatDeps, inst: CallerInstallation): Promise<CreationDefinition> {
  return (await getIntegration(deps.pool, { id: inst.integrationId })).definition as CreationDefinition
}

/**
 * Proactive messaging: a bot starts a conversation on a channel of an integration whose definition
 * enables conversation creation there (`channels.<ch>.conversation.creation.enabled`). The
 * integration's `create_conversation` handler runs with `{channel, tags}` in its own view, creates
 * (or finds) the conversation with the external service's ids and answers `{conversation: {id}}`;
 * the bot gets that conversation. Undefined when the channel does not enable creation (the
 * conversation is then created directly).
 */
export async function startConversationThroughIntegration(
  deps: ChatDeps,
  caller: Caller,
  inst: CallerInstallation,
  input: { channel: string; tags?: Record<string, string | null> },
): Promise<{ conversation: ConversationView; created: boolean } | undefined> {
  if (caller.kind !== 'bot') return undefined
  const def = await definitionOf(deps, inst)
  if (!def.channels?.[input.channel]?.conversation?.creation?.enabled) return undefined
  const started = Date.now()
  const reply = await deps.actions.transport(
    inst.id,
    {
      operation: 'create_conversation',
      installationId: inst.id,
      body: { channel: input.channel, tags: integrationTags(caller, inst, input.tags) },
    },
    deps.actions.timeoutMs,
  )
  const id = replyBody<{ conversation?: { id?: unknown } }>(reply, 'create_conversation').conversation?.id
  if (typeof id !== 'string')
    throw new InvalidInputError(
      `the integration ${inst.integrationName} created no conversation for these tags`,
    )
  const row = await loadConversation(deps.pool, caller, id)
  return { conversation: conversationView(caller, row), created: row.created_at.getTime() >= started - 1 }
}

/**
 * The same for users: a bot creates a user through an integration whose definition enables user
 * creation (`user.creation.enabled`); its `create_user` handler runs with `{tags}` and answers
 * `{user: {id}}`. Undefined when the integration does not enable it.
 */
export async function createUserThroughIntegration(
  deps: ChatDeps,
  caller: Caller,
  inst: CallerInstallation | null,
  input: { tags?: Record<string, string | null> },
): Promise<{ user: UserView; created: boolean } | undefined> {
  if (caller.kind !== 'bot' || !inst) return undefined
  const def = await definitionOf(deps, inst)
  if (!def.user?.creation?.enabled) return undefined
  const started = Date.now()
  const reply = await deps.actions.transport(
    inst.id,
    {
      operation: 'create_user',
      installationId: inst.id,
      body: { tags: integrationTags(caller, inst, input.tags) },
    },
    deps.actions.timeoutMs,
  )
  const id = replyBody<{ user?: { id?: unknown } }>(reply, 'create_user').user?.id
  if (typeof id !== 'string')
    throw new InvalidInputError(`the integration ${inst.integrationName} created no user for these tags`)
  const row = await loadUser(deps.pool, caller, id)
  return { user: userView(caller, row), created: row.created_at.getTime() >= started - 1 }
}
