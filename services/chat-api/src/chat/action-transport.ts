import { NoRespondersError, TimeoutError as NatsTimeoutError, type NatsConnection } from '@nats-io/nats-core'
import { TimeoutError, UnavailableError } from '@switchboard/errors'
import { headers as natsHeaders, type ActionReply, type NatsNames } from '@switchboard/nats'
import { currentTraceHeaders } from '@switchboard/telemetry'
import type { ActionTransport } from './actions.js'

function isCause(err: unknown, type: new (...args: never[]) => Error): boolean {
  return err instanceof type || (err as { cause?: unknown })?.cause instanceof type
}

/**
 * The NATS transport of actions: a request on `sb.actions.<installationId>` that one dispatcher of the
 * queue group answers. No dispatcher → 503; no answer in time → 504. The trace context travels along.
 */
export function natsActionTransport(nc: () => NatsConnection | undefined, names: NatsNames): ActionTransport {
  return async (installationId, req, timeoutMs) => {
    const conn = nc()
    if (!conn) throw new UnavailableError('NATS is not connected; actions cannot run')
    const h = natsHeaders()
    for (const [k, v] of Object.entries(currentTraceHeaders())) h.set(k, v)
    try {
      const m = await conn.request(names.subjects.action(installationId), JSON.stringify(req), {
        timeout: timeoutMs,
        headers: h,
      })
      return m.json<ActionReply>()
    } catch (err) {
      if (isCause(err, NoRespondersError))
        throw new UnavailableError('no dispatcher is running to run actions', { cause: err })
      if (isCause(err, NatsTimeoutError))
        throw new TimeoutError(`the action did not finish within ${timeoutMs} ms`, { cause: err })
      throw err
    }
  }
}
