import { Fragment, useEffect, useState } from 'react'
import { api, followLive, type Call, type DeadLetter, type Role } from '../api'
import { Badge, Json, useLoad } from './common'

/** A replay and what became of it: the first handler call of its installation after it. */
interface Replay {
  letter: DeadLetter
  at: string
  result?: Call
}

/** Dead letters: the original and the error of each, replay one or all, and the result of replays. */
export function DeadLetters({ role }: { role: Role }) {
  const { data, error, reload } = useLoad(() => api<DeadLetter[]>('/api/dead-letters'))
  const [open, setOpen] = useState<number>()
  const [replays, setReplays] = useState<Replay[]>([])
  const [actionError, setActionError] = useState('')
  const canReplay = role === 'admin'

  useEffect(
    () =>
      followLive(
        (c) =>
          setReplays((rs) =>
            rs.map((r) =>
              !r.result && r.letter.installationId === c.installationId && c.time >= r.at
                ? { ...r, result: c }
                : r,
            ),
          ),
        () => undefined,
      ),
    [],
  )

  async function replay(body: { deadSeqs: number[] } | { all: true }) {
    setActionError('')
    try {
      // The time is taken before the call, so a handler call that follows at once is not missed.
      const at = new Date().toISOString()
      const r = await api<{ replayed: DeadLetter[] }>('/api/dead-letters/replay', { method: 'POST', body })
      setReplays((rs) => [...r.replayed.map((letter) => ({ letter, at })), ...rs])
      reload()
    } catch (err) {
      setActionError((err as Error).message)
    }
  }

  return (
    <section>
      <header>
        <h1>Dead letters</h1>
        <button onClick={reload}>Refresh</button>
        <button
          onClick={() => void replay({ all: true })}
          disabled={!canReplay || !data?.length}
          title={canReplay ? '' : 'the read-only role cannot replay'}
        >
          Replay all
        </button>
        {!canReplay && <span className="muted">read-only: replay is for admins</span>}
      </header>
      {(error || actionError) && (
        <p className="error" data-testid="action-error">
          {error || actionError}
        </p>
      )}
      {replays.length > 0 && (
        <div className="replays">
          <h2>Replays</h2>
          {replays.map((r) => (
            <div key={`${r.letter.deadSeq}-${r.at}`} className="replay" data-testid="replay">
              #{r.letter.deadSeq} {r.letter.subject} replayed at {new Date(r.at).toLocaleTimeString()}:{' '}
              {r.result ? (
                <>
                  <Badge value={r.result.outcome} /> {r.result.outcome === 'ok' ? 'handled' : 'failed again'}{' '}
                  ({r.result.operation} {r.result.status ?? ''}) {r.result.error}
                </>
              ) : (
                <span className="muted">waiting for the handler…</span>
              )}
            </div>
          ))}
        </div>
      )}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Installation</th>
            <th>Stream</th>
            <th>Attempts</th>
            <th>Died</th>
            <th>Error</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {data?.map((l) => (
            <Fragment key={l.deadSeq}>
              <tr
                className="clickable"
                onClick={() => setOpen(open === l.deadSeq ? undefined : l.deadSeq)}
                data-testid="dead-letter"
              >
                <td>{l.deadSeq}</td>
                <td>
                  <a href={`#/installations/${l.installationId}`} onClick={(e) => e.stopPropagation()}>
                    {l.installationId}
                  </a>
                </td>
                <td>{l.stream}</td>
                <td>{l.deliveryCount}</td>
                <td>{new Date(l.deadAt).toLocaleString()}</td>
                <td className="error-text">{l.reason.slice(0, 160)}</td>
                <td>
                  <button
                    disabled={!canReplay}
                    onClick={(e) => {
                      e.stopPropagation()
                      void replay({ deadSeqs: [l.deadSeq] })
                    }}
                  >
                    Replay
                  </button>
                </td>
              </tr>
              {open === l.deadSeq && (
                <tr className="detail">
                  <td colSpan={7}>
                    <h3>Error</h3>
                    <pre className="json">{l.reason}</pre>
                    <h3>Original message ({l.subject})</h3>
                    {l.original.kind === 'webhook' ? (
                      <>
                        <div>
                          <code>
                            {l.original.method} {l.original.path}
                            {l.original.query && `?${l.original.query}`}
                          </code>
                        </div>
                        <Json value={l.original.headers} />
                        <pre className="json">{l.original.body}</pre>
                      </>
                    ) : l.original.kind === 'json' ? (
                      <Json value={l.original.value} />
                    ) : (
                      <pre className="json">{l.original.text}</pre>
                    )}
                    <h3>Headers</h3>
                    <Json value={l.headers} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {data?.length === 0 && <p className="muted">No dead letters.</p>}
    </section>
  )
}
