import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from '@switchboard/errors'
import type { ActionReply, ActionRequest, OperationRequest } from '@switchboard/nats'
import type { SchemaCache } from '@switchboard/schema'
import type { Caller } from '../auth/caller.js'
import { getInstallation } from '../registry/installations.js'
import { getIntegration } from '../registry/integrations.js'
import { newId } from '../ids.js'
import type { ChatDeps } from './deps.js'

/**
 * Sends an action (or another synchronous handler call) to a dispatcher and waits (bounded) for its
 * reply; `target` is the installation id, or the bot id for a bot's own action.
 */
export type ActionTransport = (
  target: string,
  req: ActionRequest | OperationRequest,
  timeoutMs: number,
) => Promise<ActionReply>

/** What `callAction` needs besides the chat deps. */
export interface ActionDeps {
  transport: ActionTransport
  schemas: SchemaCache
  timeoutMs: number
}

interface ActionDefinition {
  input?: { schema?: unknown }
}

/**
 * The JSON body of a handler's reply, or its failure as a typed error naming `what`: a 4xx answer is
 * the handler refusing the request (400), a 504 a timeout, anything else unavailable (503).
 */
export function replyBody<T extends object>(reply: ActionReply, what: string): T {
  let body: { message?: string } = {}
  try {
    body = JSON.parse(reply.body || '{}') as typeof body
  } catch {
    /* a non-JSON body is reported by status below */
  }
  if (reply.status < 300) return body as T
  const message = `${what} failed: ${body.message ?? `handler answered ${reply.status}`}`
  if (reply.status === 504) throw new TimeoutError(message)
  if (reply.status < 500) throw new InvalidInputError(message)
  throw new UnavailableError(message)
}

/** What an action handler answers: its output and, from `metadata.setCost`, what the call cost. */
interface ActionAnswer {
  output?: unknown
  meta?: { cost?: unknown }
}

/**
 * Runs an action for the calling bot. `<alias>:<action>` names an integration's action, through the
 * installation with that alias: the input is checked against the action's input schema from the
 * definition (400 naming the field), then a dispatcher runs the integration's `action_triggered`
 * handler in its sandbox, and the cost it reported (`metadata.setCost`) is recorded. A name without
 * an alias is one of the bot's own actions: the bot's `action_triggered` runs. The output comes back,
 * or the handler's error in the standard envelope.
 */
export async function callAction(
  deps: ChatDeps,
  caller: Caller,
  input: { type: string; input: Record<string, unknown> },
): Promise<{ output: unknown }> {
  if (caller.kind !== 'bot') throw new ForbiddenError('actions are called by bots')
  const { transport, timeoutMs } = deps.actions
  if (/^[A-Za-z0-9_#-]{1,200}$/.test(input.type)) {
    const reply = await transport(
      caller.botId,
      { operation: 'bot_action', botId: caller.botId, action: input.type, input: input.input },
      timeoutMs,
    )
    return { output: replyBody<ActionAnswer>(reply, `action ${input.type}`).output ?? {} }
  }
  const m = /^([a-z][a-z0-9-]{1,99}):([A-Za-z0-9_-]{1,200})$/.exec(input.type)
  if (!m)
    throw new InvalidInputError(
      `type: must be <alias>:<action> or one of the bot's actions, got ${JSON.stringify(input.type.slice(0, 100))}`,
    )
  const [, alias, action] = m as unknown as [string, string, string]
  const installation = await getInstallation(deps.pool, { botId: caller.botId, alias }).catch((err) => {
    throw err instanceof NotFoundError ? new NotFoundError(`Integration ${alias} not found in this bot`) : err
  })
  if (!installation.enabled) throw new InvalidInputError(`type: integration ${alias} is disabled`)
  const integration = await getIntegration(deps.pool, { id: installation.integrationId })
  const actions = (integration.definition.actions ?? {}) as Record<string, ActionDefinition>
  const def = actions[action]
  if (!def) throw new NotFoundError(`Action ${action} not found in integration ${integration.name}`)
  const schema = def.input?.schema
  if (schema !== undefined) {
    const problems = deps.actions.schemas.validatorFor(JSON.stringify(schema), schema, 'input')(input.input)
    if (problems.length) throw new InvalidInputError(problems.join('; '))
  }

  const reply = await transport(
    installation.id,
    { installationId: installation.id, action, input: input.input },
    timeoutMs,
  )
  const answer = replyBody<ActionAnswer>(reply, `action ${input.type}`)
  const cost = answer.meta?.cost
  if (typeof cost === 'number' && Number.isFinite(cost) && cost !== 0) {
    await deps.pool.query(
      `INSERT INTO handler_costs (id, installation_id, operation, name, cost) VALUES ($1, $2, 'action_triggered', $3, $4)`,
      [newId('cost'), installation.id, action, cost],
    )
  }
  return { output: answer.output ?? {} }
}
