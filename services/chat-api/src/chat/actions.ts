import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from '@switchboard/errors'
import type { ActionReply, ActionRequest } from '@switchboard/nats'
import type { SchemaCache } from '@switchboard/schema'
import type { Caller } from '../auth/caller.js'
import { getInstallation } from '../registry/installations.js'
import { getIntegration } from '../registry/integrations.js'
import type { ChatDeps } from './deps.js'

/** Sends an action request to a dispatcher and waits (bounded) for its reply. */
export type ActionTransport = (
  installationId: string,
  req: ActionRequest,
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
 * Runs an integration action for the calling bot: `type` is `<alias>:<action>`, naming the
 * installation by its alias. The input is checked against the action's input schema from the
 * definition (400 naming the field), then a dispatcher runs the integration's `action_triggered`
 * handler in its sandbox; its output comes back, or its error in the standard envelope.
 */
export async function callAction(
  deps: ChatDeps,
  caller: Caller,
  input: { type: string; input: Record<string, unknown> },
): Promise<{ output: unknown }> {
  if (caller.kind !== 'bot') throw new ForbiddenError('actions are called by bots')
  const m = /^([a-z][a-z0-9-]{1,99}):([A-Za-z0-9_-]{1,200})$/.exec(input.type)
  if (!m)
    throw new InvalidInputError(
      `type: must be <alias>:<action>, got ${JSON.stringify(input.type.slice(0, 100))}`,
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

  const { transport, timeoutMs } = deps.actions
  const reply = await transport(
    installation.id,
    { installationId: installation.id, action, input: input.input },
    timeoutMs,
  )
  let body: { output?: unknown; message?: string } = {}
  try {
    body = JSON.parse(reply.body || '{}') as typeof body
  } catch {
    /* a non-JSON body is reported by status below */
  }
  if (reply.status < 300) return { output: body.output ?? {} }
  const message = `action ${input.type} failed: ${body.message ?? `handler answered ${reply.status}`}`
  if (reply.status === 504) throw new TimeoutError(message)
  if (reply.status < 500) throw new InvalidInputError(message)
  throw new UnavailableError(message)
}
