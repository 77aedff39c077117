import { useCallback, useEffect, useState } from 'react'
import type { Call } from '../api'

/** Loads `load()` now and whenever `reload` is called; shows errors instead of data. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>()
  const [error, setError] = useState('')
  const reload = useCallback(() => {
    load().then(
      (d) => {
        setData(d)
        setError('')
      },
      (err: unknown) => setError((err as Error).message),
    )
  }, deps)
  useEffect(reload, [reload])
  return { data, error, reload }
}

/** A status badge: green for Ready/ok, red for Failed/failed, grey otherwise. */
export function Badge({ value }: { value: string }) {
  const tone = /^(Ready|ok|running)$/.test(value)
    ? 'good'
    : /^(Failed|failed)$/i.test(value)
      ? 'bad'
      : 'neutral'
  return <span className={`badge ${tone}`}>{value}</span>
}

/** One handler call as a table row. */
export function CallRow({ call, showInstallation }: { call: Call; showInstallation?: boolean }) {
  return (
    <tr className={call.outcome === 'failed' ? 'failed' : ''} data-testid="call">
      <td>{new Date(call.time).toLocaleTimeString()}</td>
      {showInstallation && (
        <td>
          <a href={`#/installations/${call.installationId}`}>{call.installationId}</a>
        </td>
      )}
      <td>{call.operation}</td>
      <td>
        <Badge value={call.outcome} />
      </td>
      <td>{call.status ?? ''}</td>
      <td>{call.durationMs} ms</td>
      <td className="error-text">{call.error ?? ''}</td>
    </tr>
  )
}

/** The header of a table of calls. */
export function CallHead({ showInstallation }: { showInstallation?: boolean }) {
  return (
    <thead>
      <tr>
        <th>Time</th>
        {showInstallation && <th>Installation</th>}
        <th>Operation</th>
        <th>Outcome</th>
        <th>Status</th>
        <th>Duration</th>
        <th>Error</th>
      </tr>
    </thead>
  )
}

/** Pretty JSON. */
export function Json({ value }: { value: unknown }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>
}
