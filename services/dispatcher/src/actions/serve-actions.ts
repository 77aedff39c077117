import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core'
import { asSwitchboardError, InvalidInputError, toHttpError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import {
  ACTION_QUEUE,
  isOperationRequest,
  type ActionReply,
  type ActionRequest,
  type NatsNames,
  type OperationRequest,
} from '@switchboard/nats'
import type { InvokeResponse } from '@switchboard/sandbox'
import { context, extractTraceContext } from '@switchboard/telemetry'
import { HandlerFailedError, type Invoker } from '../invoke/invoker.js'
import type { Registry } from '../registry/registry.js'

/** Dependencies of the action server. */
export interface ActionDeps {
  nc: NatsConnection
  names: NatsNames
  registry: Registry
  invoker: Invoker
  logger: Logger
  /** Told each integration action's installation, action and reply (metrics). */
  onResult?: (installationId: string, action: string, reply: ActionReply) => void
}

/** An integration action's metric labels, once its installation is known (a request naming none is no series). */
type Labels = { installationId: string; action: string }

/** Invokes what one request asks for: an integration's action, `create_conversation` or `create_user`, or a bot's action. */
async function invoke(
  deps: ActionDeps,
  req: ActionRequest | OperationRequest,
  label: (l: Labels) => void,
): Promise<InvokeResponse> {
  if (!isOperationRequest(req)) {
    const target = await deps.registry.target(req.installationId)
    label({ installationId: target.installation.id, action: String(req.action).slice(0, 100) })
    return deps.invoker.integration(target, 'action_triggered', { type: req.action, input: req.input })
  }
  if (req.operation === 'bot_action') {
    const target = await deps.registry.bot(req.botId)
    return deps.invoker.bot(target, 'action_triggered', 'action_triggered', {
      type: req.action,
      input: req.input,
    })
  }
  const target = await deps.registry.target(req.installationId)
  if (!target.installation.enabled)
    throw new InvalidInputError(`integration ${target.installation.alias} is disabled`)
  return deps.invoker.integration(target, req.operation, req.body)
}

/** Runs one request and returns the reply: the handler's answer, or an error in the standard body. */
async function runAction(deps: ActionDeps, m: Msg): Promise<{ reply: ActionReply; labels?: Labels }> {
  let labels: Labels | undefined
  const done = (reply: ActionReply) => ({ reply, labels })
  try {
    let req: ActionRequest | OperationRequest
    try {
      req = m.json<ActionRequest | OperationRequest>()
    } catch (err) {
      throw new InvalidInputError('action request is not JSON', { cause: err })
    }
    const res = await invoke(deps, req, (l) => (labels = l))
    return done({ status: res.status, body: res.body })
  } catch (err) {
    if (err instanceof HandlerFailedError)
      return done({ status: err.response.status, body: err.response.body })
    deps.logger.warn({ err, subject: m.subject }, 'action failed')
    const { status, body } = toHttpError(asSwitchboardError(err))
    return done({ status, body: JSON.stringify(body) })
  }
}

/**
 * Answers `callAction` requests from chat-api (core NATS, one queue group across dispatchers, so each
 * request runs once): the integration's `action_triggered` handler runs in its sandbox and its answer
 * is the reply; likewise a bot's own action and the `create_conversation` / `create_user` handlers of
 * proactive messaging. Every request gets a reply, also when it fails.
 */
export function serveActions(deps: ActionDeps): Subscription {
  return deps.nc.subscribe(deps.names.subjects.all.actions, {
    queue: ACTION_QUEUE,
    callback: (_err, m) => {
      const parent = extractTraceContext({ get: (k) => m.headers?.get(k) || undefined })
      void context
        .with(parent, () => runAction(deps, m))
        .then(({ reply, labels }) => {
          if (labels) deps.onResult?.(labels.installationId, labels.action, reply)
          m.respond(JSON.stringify(reply))
        })
    },
  })
}
