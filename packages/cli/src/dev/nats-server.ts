import { findExecutable } from '@switchboard/sandbox'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { canConnect } from '../cli/clients.js'
import { CliError } from '../cli/errors.js'
import { freePort, isPortFree } from './ports.js'

/** What `switchboard dev` says when it needs nats-server and cannot find it. */
export function natsServerMissingMessage(alsoLookedIn: string[] = []): string {
  const where = alsoLookedIn.length ? `on PATH or in ${alsoLookedIn.join(', ')}` : 'on PATH'
  return [
    `nats-server was not found ${where}. switchboard dev starts \`nats-server -js\` when NATS_URL is not set.`,
    'Install it, then run the command again:',
    '  Debian/Ubuntu:  sudo apt-get install nats-server',
    '  macOS:          brew install nats-server',
    '  other systems:  https://github.com/nats-io/nats-server/releases (put nats-server on PATH)',
    'Or point NATS_URL at a NATS server with JetStream enabled, e.g. NATS_URL=nats://127.0.0.1:4222 npm run dev',
  ].join('\n')
}

/**
 * Where packages install nats-server outside a normal user's PATH: Debian's package puts it in
 * /usr/sbin, which only root's PATH has.
 */
export const NATS_SERVER_FALLBACK_DIRS = ['/usr/sbin', '/usr/local/sbin']

/** The first executable `name` on `path` (a PATH value), then in `extraDirs`, or undefined. */
export function findOnPath(
  name: string,
  path: string | undefined,
  extraDirs: string[] = [],
): string | undefined {
  return findExecutable(name, [path ?? '', ...extraDirs].join(delimiter))
}

/** A nats-server this process started. */
export interface NatsServer {
  url: string
  pid: number
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>
  /** Resolves when the server exits by itself, with its exit code. */
  exited: Promise<number | null>
}

/** Options of `startNatsServer`. */
export interface NatsServerOptions {
  /** JetStream's store directory (kept across runs). */
  storeDir: string
  /** The PATH to look nats-server up on. */
  path: string | undefined
  /** Also looked in after PATH (default `NATS_SERVER_FALLBACK_DIRS`). */
  fallbackDirs?: string[]
  /** Preferred port (default 4222); another free port when it is taken (0: any free port). */
  port?: number
  host?: string
}

/**
 * Starts `nats-server -js` as a child process with its JetStream store in `storeDir` and its log in
 * `storeDir/nats-server.log`, and waits until it accepts connections. Throws a `CliError` with install
 * instructions when nats-server is not on PATH.
 */
export async function startNatsServer(opts: NatsServerOptions): Promise<NatsServer> {
  const fallbackDirs = opts.fallbackDirs ?? NATS_SERVER_FALLBACK_DIRS
  const binary = findOnPath('nats-server', opts.path, fallbackDirs)
  if (!binary) throw new CliError(natsServerMissingMessage(fallbackDirs))
  const host = opts.host ?? '127.0.0.1'
  const preferred = opts.port ?? 4222
  const port = preferred && (await isPortFree(host, preferred)) ? preferred : await freePort(host)
  mkdirSync(opts.storeDir, { recursive: true })
  const log = join(opts.storeDir, 'nats-server.log')
  const child: ChildProcess = spawn(
    binary,
    ['-js', '-a', host, '-p', String(port), '-sd', opts.storeDir, '-l', log],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))
  // Never leave the server behind when this process exits, however it exits.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const url = `nats://${host}:${port}`
  const deadline = Date.now() + 15_000
  for (;;) {
    const state = await Promise.race([
      canConnect(`${host}:${port}`, 500).then((ok) => (ok ? 'up' : 'down')),
      exited.then(() => 'exited' as const),
      spawnError.then(() => 'error' as const),
    ])
    if (state === 'up') break
    if (state !== 'down' || Date.now() > deadline) {
      child.kill('SIGKILL')
      process.removeListener('exit', killOnExit)
      const tail = (stderr || readTail(log)).trim().split('\n').slice(-5).join('\n  ')
      throw new CliError(`nats-server (${binary}) did not start on ${url}${tail ? `:\n  ${tail}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      process.removeListener('exit', killOnExit)
    },
  }
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000)
  } catch {
    return ''
  }
}
