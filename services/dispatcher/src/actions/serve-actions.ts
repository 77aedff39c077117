import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core'
import { asSwitchboardError, InvalidInputError, toHttpError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { ACTION_QUEUE, type ActionReply, type ActionRequest, type NatsNames } from '@switchboard/nats'
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
  /** Told each request's installation, action and reply (metrics). */
  onResult?: (installationId: string, action: string, reply: ActionReply) => void
}

/** Runs one action request and returns the reply: the handler's answer, or an error in the standard body. */
async function runAction(
  deps: ActionDeps,
  m: Msg,
): Promise<{ reply: ActionReply; installationId?: string; action: string }> {
  // Labelled only once the installation is known: a request naming none is not a metric series.
  let known: { installationId: string; action: string } | undefined
  const done = (reply: ActionReply) => ({
    reply,
    installationId: known?.installationId,
    action: known?.action ?? '',
  })
  try {
    let req: ActionRequest
    try {
      req = m.json<ActionRequest>()
    } catch (err) {
      throw new InvalidInputError('action request is not JSON', { cause: err })
    }
    const target = await deps.registry.target(req.installationId)
    known = { installationId: target.installation.id, action: String(req.action).slice(0, 100) }
    const res = await deps.invoker.integration(target, 'action_triggered', {
      type: req.action,
      input: req.input,
    })
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
 * is the reply. Every request gets a reply, also when it fails.
 */
export function serveActions(deps: ActionDeps): Subscription {
  return deps.nc.subscribe(deps.names.subjects.all.actions, {
    queue: ACTION_QUEUE,
    callback: (_err, m) => {
      const parent = extractTraceContext({ get: (k) => m.headers?.get(k) || undefined })
      void context
        .with(parent, () => runAction(deps, m))
        .then(({ reply, installationId, action }) => {
          if (installationId) deps.onResult?.(installationId, action, reply)
          m.respond(JSON.stringify(reply))
        })
    },
  })
}
