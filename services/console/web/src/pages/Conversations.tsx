import { useState, type FormEvent } from 'react'
import { api, type Conversation, type Message } from '../api'
import { Json, useLoad } from './common'

/** A bot's conversations (searchable by tag) and the messages of one, with tags and payloads. */
export function Conversations() {
  const bots = useLoad(() => api<Array<{ id: string; name: string }>>('/api/bots'))
  const [botId, setBotId] = useState('')
  const [tag, setTag] = useState('')
  const [search, setSearch] = useState('')
  const [open, setOpen] = useState<string>()
  const bot = botId || bots.data?.[0]?.id || ''
  const list = useLoad(
    () =>
      bot
        ? api<{ conversations: Conversation[] }>(
            `/api/conversations?botId=${encodeURIComponent(bot)}${search ? `&tag=${encodeURIComponent(search)}` : ''}`,
          )
        : Promise.resolve({ conversations: [] }),
    [bot, search],
  )
  const messages = useLoad(
    () =>
      open
        ? api<{ messages: Message[] }>(
            `/api/conversations/${encodeURIComponent(open)}/messages?botId=${encodeURIComponent(bot)}`,
          )
        : Promise.resolve({ messages: [] }),
    [open, bot],
  )
  function submit(e: FormEvent) {
    e.preventDefault()
    setOpen(undefined)
    setSearch(tag.trim())
  }
  return (
    <section>
      <header>
        <h1>Conversations</h1>
        <select value={bot} onChange={(e) => (setBotId(e.target.value), setOpen(undefined))} name="bot">
          {bots.data?.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <form onSubmit={submit} className="inline">
          <input
            name="tag"
            placeholder="tag, e.g. webhook:id=chat-1"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
          <button type="submit">Search</button>
          <button type="button" onClick={() => list.reload()}>
            Refresh
          </button>
        </form>
      </header>
      {(list.error || bots.error) && <p className="error">{list.error || bots.error}</p>}
      <div className="split">
        <table>
          <thead>
            <tr>
              <th>Conversation</th>
              <th>Channel</th>
              <th>Tags</th>
              <th>Messages</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.conversations.map((c) => (
              <tr
                key={c.id}
                className={`clickable ${open === c.id ? 'selected' : ''}`}
                onClick={() => setOpen(c.id)}
                data-testid="conversation"
              >
                <td>
                  <div className="muted">{c.id}</div>
                  <div className="muted">{new Date(c.createdAt).toLocaleString()}</div>
                </td>
                <td>
                  {c.integration}/{c.channel}
                </td>
                <td>
                  <Tags tags={c.tags} />
                </td>
                <td>{c.messageCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="messages" data-testid="messages">
          {!open && <p className="muted">Pick a conversation to read its messages.</p>}
          {open &&
            messages.data?.messages.map((m) => (
              <article key={m.id} className={`message ${m.direction}`} data-testid="message">
                <div className="muted">
                  {m.direction} · {m.type} · {m.userId} · {new Date(m.createdAt).toLocaleTimeString()}
                </div>
                <Json value={m.payload} />
                <Tags tags={m.tags} />
              </article>
            ))}
        </div>
      </div>
    </section>
  )
}

function Tags({ tags }: { tags: Record<string, string> }) {
  return (
    <span>
      {Object.entries(tags).map(([k, v]) => (
        <span key={k} className="tag">
          {k}={v}
        </span>
      ))}
    </span>
  )
}
