import { api, type Installation } from '../api'
import { Badge, useLoad } from './common'

/** Every installation: its status, webhook URL and last calls. */
export function Installations() {
  const { data, error, reload } = useLoad(() => api<Installation[]>('/api/installations'))
  return (
    <section>
      <header>
        <h1>Installations</h1>
        <button onClick={reload}>Refresh</button>
      </header>
      {error && <p className="error">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>Installation</th>
            <th>Bot</th>
            <th>Integration</th>
            <th>Status</th>
            <th>Webhook URL</th>
            <th>Last calls</th>
          </tr>
        </thead>
        <tbody>
          {data?.map((i) => (
            <tr key={i.id} data-testid="installation">
              <td>
                <a href={`#/installations/${i.id}`}>{i.alias}</a>
                <div className="muted">{i.id}</div>
              </td>
              <td>{i.botName}</td>
              <td>{i.integration}</td>
              <td>
                <Badge value={i.status} />
                {i.statusMessage && <div className="error-text">{i.statusMessage}</div>}
              </td>
              <td>
                <code>{i.webhookUrl}</code>
              </td>
              <td>
                {i.lastCalls.length === 0 && <span className="muted">none yet</span>}
                {i.lastCalls.map((c, n) => (
                  <div key={n} className="mini">
                    <Badge value={c.outcome} /> {c.operation} {c.status ?? ''}{' '}
                    <span className="muted">{new Date(c.time).toLocaleTimeString()}</span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.length === 0 && <p className="muted">No installations.</p>}
    </section>
  )
}
