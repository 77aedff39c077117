import { useState, type FormEvent } from 'react'
import { api, session, type Role } from '../api'

/** Sign-in with a token: the admin token, or the read-only one. */
export function SignIn({ onSignedIn }: { onSignedIn: (role: Role) => void }) {
  const [token, setToken] = useState('')
  const [error, setError] = useState('')
  async function submit(e: FormEvent) {
    e.preventDefault()
    setError('')
    try {
      const { role } = await api<{ role: Role }>('/api/me', { token })
      session.set(token)
      onSignedIn(role)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <form className="signin" onSubmit={submit}>
      <h1>Switchboard console</h1>
      <p>Sign in with the admin token, or the read-only token.</p>
      <input
        type="password"
        name="token"
        autoComplete="off"
        placeholder="Token"
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit" disabled={!token}>
        Sign in
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  )
}
