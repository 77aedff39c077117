import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { waitFor } from './wait.js'

/** What `startServiceProcess` runs. */
export interface ServiceProcessOptions {
  /** The npm workspace, e.g. `@switchboard/dispatcher`: it runs as `npm start -w <workspace>`. */
  workspace: string
  /** The service's environment (its config), on top of this process's PATH and HOME. */
  env: Record<string, string>
  /** Polled until it answers 200 (the service's `/readyz`). */
  readyUrl: string
  /** Where its stdout and stderr go (appended, across restarts). */
  logFile: string
  /** The repository root (where `npm start -w` runs); default: the current directory. */
  cwd?: string
  readyTimeoutMs?: number
}

/** A service running in its own process group, started the way `npm start -w <svc>` starts it. */
export interface ServiceProcess {
  readonly name: string
  /** The pid of the process group's leader (npm). */
  readonly pid: number
  /** `kill -9` of the whole group (npm, tsx and the service's node), then waits until it is gone. */
  kill9(): Promise<void>
  /** Starts it again with the same environment and waits until it is ready. */
  restart(): Promise<void>
  /** SIGTERM (a clean stop), then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

/** Starts the service and resolves once its `readyUrl` answers 200. */
export async function startServiceProcess(o: ServiceProcessOptions): Promise<ServiceProcess> {
  let child: ChildProcess
  let exited: Promise<void>
  const launch = async () => {
    const fd = openSync(o.logFile, 'a')
    child = spawn('npm', ['start', '--silent', '-w', o.workspace], {
      cwd: o.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...o.env },
      stdio: ['ignore', fd, fd],
      detached: true,
    })
    closeSync(fd)
    exited = new Promise((resolve) => child.once('exit', () => resolve()))
    let gone = false
    void exited.then(() => (gone = true))
    await waitFor(
      `${o.workspace} to be ready at ${o.readyUrl} (log: ${o.logFile})`,
      async () => {
        if (gone) throw new Error(`${o.workspace} exited while starting (log: ${o.logFile})`)
        const res = await fetch(o.readyUrl, { signal: AbortSignal.timeout(1000) })
        return res.status === 200
      },
      o.readyTimeoutMs ?? 60_000,
    )
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      // already gone
    }
  }
  await launch()
  return {
    name: o.workspace,
    get pid() {
      return child.pid!
    },
    async kill9() {
      signalGroup('SIGKILL')
      await exited
    },
    restart: launch,
    async stop(graceMs = 5000) {
      signalGroup('SIGTERM')
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
      // Whatever else of the group is left (the service's node under tsx).
      signalGroup('SIGKILL')
    },
  }
}
