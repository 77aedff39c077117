import { useEffect, useState } from 'react'
import { api, followLive, type Call } from '../api'
import { CallHead, CallRow } from './common'

/** Live traffic: webhooks and handler calls as they happen, newest first, errors in red. */
export function Live() {
  const [calls, setCalls] = useState<Call[]>([])
  const [connected, setConnected] = useState(false)
  const [errorsOnly, setErrorsOnly] = useState(false)
  useEffect(() => {
    let active = true
    void api<Call[]>('/api/live/recent').then((recent) => {
      if (active) setCalls((now) => [...now, ...[...recent].reverse()])
    })
    const stop = followLive((c) => setCalls((old) => [c, ...old].slice(0, 500)), setConnected)
    return () => {
      active = false
      stop()
    }
  }, [])
  const shown = errorsOnly ? calls.filter((c) => c.outcome === 'failed') : calls
  return (
    <section>
      <header>
        <h1>Live traffic</h1>
        <span className={`badge ${connected ? 'good' : 'neutral'}`} data-testid="live-state">
          {connected ? 'live' : 'connecting'}
        </span>
        <label>
          <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />{' '}
          errors only
        </label>
      </header>
      <table>
        <CallHead showInstallation />
        <tbody>
          {shown.map((c, n) => (
            <CallRow key={`${c.time}-${n}`} call={c} showInstallation />
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">Waiting for traffic…</p>}
    </section>
  )
}
