import { api } from '../api'
import { Badge, useLoad } from './common'

/** A sandbox as the console API sends it. */
interface Sandbox {
  key: string
  name: string
  dispatcher: string
  version: string
  running: boolean
  memoryBytes: number | null
  memoryLimitMb: number
  restarts: number
  crashes: number
  startedAt: string | null
  reportedAt: string
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`

/** The sandboxes each dispatcher runs: version, restarts, crashes and memory. */
export function Sandboxes() {
  const { data, error, reload } = useLoad(() => api<Sandbox[]>('/api/sandboxes'))
  return (
    <section>
      <header>
        <h1>Sandboxes</h1>
        <button onClick={reload}>Refresh</button>
      </header>
      {error && <p className="error">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>Sandbox</th>
            <th>Version (bundle)</th>
            <th>State</th>
            <th>Memory</th>
            <th>Restarts</th>
            <th>Crashes</th>
            <th>Started</th>
            <th>Dispatcher</th>
          </tr>
        </thead>
        <tbody>
          {data?.map((s) => (
            <tr key={`${s.dispatcher}-${s.key}`} data-testid="sandbox">
              <td>
                {s.name}
                <div className="muted">{s.key}</div>
              </td>
              <td>
                <code>{s.version}</code>
              </td>
              <td>
                <Badge value={s.running ? 'running' : 'stopped'} />
              </td>
              <td>
                {s.memoryBytes === null ? '–' : mib(s.memoryBytes)}{' '}
                <span className="muted">of {s.memoryLimitMb} MiB</span>
              </td>
              <td>{s.restarts}</td>
              <td className={s.crashes ? 'error-text' : ''}>{s.crashes}</td>
              <td>{s.startedAt ? new Date(s.startedAt).toLocaleTimeString() : '–'}</td>
              <td className="muted">{s.dispatcher}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.length === 0 && (
        <p className="muted">
          No sandbox is running (they start with their first call; cluster sandboxes are Deployments).
        </p>
      )}
    </section>
  )
}
