import { useEffect, useState } from 'react'
import { api, followLive, type Call, type Installation } from '../api'
import { Badge, CallHead, CallRow, useLoad } from './common'

/** One installation and its handler log: recent calls, and new ones as they happen. */
export function InstallationLog({ id }: { id: string }) {
  const { data, error } = useLoad(
    () => api<Installation>(`/api/installations/${encodeURIComponent(id)}`),
    [id],
  )
  const [calls, setCalls] = useState<Call[]>([])
  useEffect(() => setCalls(data?.lastCalls ?? []), [data])
  useEffect(
    () =>
      followLive(
        (c) => c.installationId === id && setCalls((old) => [c, ...old].slice(0, 200)),
        () => undefined,
      ),
    [id],
  )
  return (
    <section>
      <header>
        <h1>
          {data?.alias ?? id} {data && <Badge value={data.status} />}
        </h1>
        <a href="#/installations">All installations</a>
      </header>
      {error && <p className="error">{error}</p>}
      {data && (
        <dl className="facts">
          <dt>Installation</dt>
          <dd>{data.id}</dd>
          <dt>Bot</dt>
          <dd>{data.botName}</dd>
          <dt>Integration</dt>
          <dd>{data.integration}</dd>
          <dt>Webhook URL</dt>
          <dd>
            <code>{data.webhookUrl}</code>
          </dd>
        </dl>
      )}
      <h2>Handler log</h2>
      <table>
        <CallHead />
        <tbody>
          {calls.map((c, n) => (
            <CallRow key={`${c.time}-${n}`} call={c} />
          ))}
        </tbody>
      </table>
      {calls.length === 0 && <p className="muted">No handler calls since the console started.</p>}
    </section>
  )
}
