import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from './wait.js'

/** A nats-server with JetStream of this process's own (its store in a fresh temporary directory). */
export interface OwnNatsServer {
  url: string
  pid: number
  /** SIGTERM, then waits for it to exit, and removes its store. */
  stop(): Promise<void>
}

/** A loopback TCP port free at the moment of asking (for a server that must come back on the same port). */
export const freePort = async (): Promise<number> => {
  const srv = createServer().listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const { port } = srv.address() as { port: number }
  await new Promise((r) => srv.close(r))
  return port
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })

/** The environment nats-server runs in: this process's, with /usr/sbin (Debian's place for it) on PATH. */
const natsEnv = () => ({ ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin` })

/** What `binary --version` prints, e.g. `nats-server: v2.9.10`. */
export function natsServerVersion(binary = 'nats-server'): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8', env: natsEnv() }).trim()
}

/**
 * Starts `nats-server -js` (from PATH or /usr/sbin) on a free loopback port, for a benchmark or test
 * whose NATS figures or failures must not mix with the shared server's.
 */
export async function startOwnNatsServer(binary = 'nats-server'): Promise<OwnNatsServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-nats-'))
  const port = await freePort()
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
    stdio: 'ignore',
    env: natsEnv(),
  })
  const exited = once(child, 'exit')
  await waitFor(`nats-server on port ${port}`, () => accepts(port), 15_000)
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
