import type { HandlerLogRecord, NatsConnection, NatsNames } from '@switchboard/nats'
import type { AdminClient } from '@switchboard/proto'
import type { AppliedRecord } from '../apply/record.js'
import { findInstallation, installationName } from './views.js'

/** One handler call on one line: `12:00:01.123  webhook_received   ok 200   35ms  trace 4bf9…`. */
export function formatLogRecord(r: HandlerLogRecord): string {
  const time = r.time.replace(/^.*T/, '').replace(/Z$/, '')
  const status = r.status === undefined ? '' : ` ${r.status}`
  const parts = [
    time,
    r.operation.padEnd(17),
    `${r.outcome}${status}`.padEnd(10),
    `${r.durationMs}ms`.padStart(7),
  ]
  if (r.error) parts.push(` ${r.error.split('\n')[0]}`)
  if (r.traceId) parts.push(` trace ${r.traceId}`)
  return parts.join(' ')
}

/** What `logs` needs. */
export interface LogsDeps {
  admin: AdminClient
  record: AppliedRecord
  nc: NatsConnection
  names: NatsNames
  out: (line: string) => void
  err: (line: string) => void
  /** Ends the tail (Ctrl-C). */
  signal: AbortSignal
}

/**
 * `switchboard logs <installation>`: follows the installation's handler calls live, one line each, as
 * the dispatcher publishes them (core NATS: calls made before the command started are not shown).
 */
export async function followLogs(ref: string, d: LogsDeps): Promise<void> {
  const inst = await findInstallation(d.admin, ref, d.record)
  const bot = await d.admin.GetBot({ id: inst.botId, name: '' })
  const sub = d.nc.subscribe(d.names.subjects.logs(inst.id))
  const stop = () => sub.unsubscribe()
  d.signal.addEventListener('abort', stop, { once: true })
  await d.nc.flush()
  d.err(
    `Following the handler calls of ${installationName(inst, bot.name, d.record)} (${inst.id}); Ctrl-C stops.`,
  )
  for await (const m of sub) {
    try {
      d.out(formatLogRecord(m.json<HandlerLogRecord>()))
    } catch {
      d.out(m.string())
    }
  }
  d.signal.removeEventListener('abort', stop)
}

/**
 * The subject of every installation's handler logs (`sb.logs.*`), for `switchboard dev`'s console.
 * packages/nats names one installation's subject; the wildcard replaces that last token.
 */
export function allLogsSubject(names: NatsNames): string {
  return names.subjects.logs('x').replace(/x$/, '*')
}
