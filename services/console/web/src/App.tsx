import { useEffect, useState } from 'react'
import { api, ApiError, session, type Role } from './api'
import { Conversations } from './pages/Conversations'
import { DeadLetters } from './pages/DeadLetters'
import { InstallationLog } from './pages/InstallationLog'
import { Installations } from './pages/Installations'
import { Live } from './pages/Live'
import { Sandboxes } from './pages/Sandboxes'
import { SignIn } from './pages/SignIn'

/** The page a location hash names: `#/installations`, `#/installations/<id>`, `#/live`, … */
function useHashRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'installations').split('/')
  const [parts, setParts] = useState(read)
  useEffect(() => {
    const on = () => setParts(read())
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return parts
}

const NAV = [
  ['installations', 'Installations'],
  ['live', 'Live traffic'],
  ['conversations', 'Conversations'],
  ['dead-letters', 'Dead letters'],
  ['sandboxes', 'Sandboxes'],
] as const

/** The console: sign-in, then the navigation and the current page. */
export function App() {
  const [role, setRole] = useState<Role | undefined>()
  const [checking, setChecking] = useState(!!session.get())
  const [page, arg] = useHashRoute()

  useEffect(() => {
    if (!session.get()) return
    api<{ role: Role }>('/api/me')
      .then((r) => setRole(r.role))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) session.clear()
      })
      .finally(() => setChecking(false))
  }, [])

  if (checking) return null
  if (!role) return <SignIn onSignedIn={setRole} />
  return (
    <div className="layout">
      <nav>
        <div className="brand">Switchboard</div>
        {NAV.map(([id, label]) => (
          <a key={id} href={`#/${id}`} className={page === id ? 'active' : ''}>
            {label}
          </a>
        ))}
        <div className="who">
          <span className={`role role-${role}`} data-testid="role">
            {role === 'admin' ? 'admin' : 'read-only'}
          </span>
          <button
            className="link"
            onClick={() => {
              session.clear()
              setRole(undefined)
            }}
          >
            Sign out
          </button>
        </div>
      </nav>
      <main>
        {page === 'installations' && !arg && <Installations />}
        {page === 'installations' && arg && <InstallationLog id={arg} />}
        {page === 'live' && <Live />}
        {page === 'conversations' && <Conversations />}
        {page === 'dead-letters' && <DeadLetters role={role} />}
        {page === 'sandboxes' && <Sandboxes />}
      </main>
    </div>
  )
}
