import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

/** A service running as its own process, with the fields of the log line that said it was ready. */
export interface SpawnedService {
  proc: ChildProcess
  ready: Record<string, unknown>
  /** Kills it with SIGKILL (no shutdown hook runs) and waits for it to exit. */
  kill(): Promise<void>
}

/**
 * Runs a service's `main.ts` as a child process (`node --import tsx`) with `env` added to this
 * process's environment, and resolves once it logs the JSON line whose `msg` is `readyMessage`
 * (e.g. `'chat-api listening'`). Rejects when it exits first.
 */
export async function spawnService(
  main: string,
  env: Record<string, string>,
  readyMessage: string,
): Promise<SpawnedService> {
  const proc = spawn(process.execPath, ['--conditions=switchboard-source', '--import', 'tsx', main], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let buf = ''
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const onData = (d: Buffer) => {
      buf += d.toString()
      for (const line of buf.split('\n')) {
        if (!line.includes(readyMessage)) continue
        try {
          const json = JSON.parse(line) as Record<string, unknown>
          if (json.msg !== readyMessage) continue
          // Later output is read and dropped, so the pipe never fills.
          proc.stdout!.off('data', onData).resume()
          return resolve(json)
        } catch {
          // a partial line: wait for the rest
        }
      }
    }
    proc.stdout!.on('data', onData)
    proc.once('exit', (code) => reject(new Error(`${main} exited early with ${code}: ${buf.slice(-2000)}`)))
  })
  return {
    proc,
    ready,
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGKILL')
      await once(proc, 'exit')
    },
  }
}
