import { spawn, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { InvalidInputError, TimeoutError, UnavailableError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { RUNNER_EXIT, parseReady } from '@switchboard/runner'
import type { InvokeResponse } from '../driver.js'
import { eachLine } from './lines.js'
import { runnerRequestHeaders, runnerResponseHeaders } from '../runner-headers.js'
import { BWRAP_BLOCK_FD, BWRAP_INFO_FD } from './command.js'
import type { AttachedNetwork } from './network.js'

/** How to start one runner process. */
export interface RunnerProcessOptions {
  key: string
  command: string
  args: string[]
  /** The whole environment of the process. */
  env: Record<string, string>
  startTimeoutMs: number
  logger: Logger
  /**
   * For a sandbox with its own network namespace (bubblewrap `--info-fd`/`--block-fd`): sets its
   * network up once bubblewrap reports the sandbox's pid, before the sandbox runs anything.
   */
  isolate?: (pid: number) => Promise<AttachedNetwork>
}

/** How a runner process ended. `expected` is true when the driver killed it. */
export interface RunnerExit {
  code: number | null
  signal: NodeJS.Signals | null
  expected: boolean
  reason: string
}

const MAX_LINE = 8 * 1024
const STDERR_TAIL = 4 * 1024
const EXIT_GRACE_MS = 250

/**
 * One runner process: started, ready when it printed its port, then called over HTTP on 127.0.0.1
 * (calls may overlap). Its stdout and stderr go to the logger, line by line.
 */
export class RunnerProcess {
  private readonly agent = new Agent({ keepAlive: true })
  private stderrTail = ''
  private ended: RunnerExit | undefined
  private killReason: string | undefined
  private readonly exitListeners: ((exit: RunnerExit) => void)[] = []
  /** The port the runner listens on, once ready (0 when it serves on a socket). */
  port = 0
  /** The Unix socket the runner serves on, once ready, when it does. */
  socket = ''
  private network: AttachedNetwork | undefined
  /** Calls in flight. */
  inflight = 0

  private constructor(
    private readonly child: ChildProcess,
    private readonly o: RunnerProcessOptions,
  ) {}

  /** Spawns the process and resolves once it serves; rejects (and kills it) if it does not. */
  static async start(o: RunnerProcessOptions): Promise<RunnerProcess> {
    const stdio = o.isolate ? ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe']
    const child = spawn(o.command, o.args, {
      env: o.env,
      cwd: '/',
      stdio: stdio as ['ignore', 'pipe', 'pipe'],
    })
    const p = new RunnerProcess(child, o)
    const ready = p.waitReady()
    if (o.isolate) {
      try {
        p.network = await o.isolate(await sandboxPid(child))
        if (p.ended) p.network.close()
        ;(child.stdio[BWRAP_BLOCK_FD] as NodeJS.WritableStream | null)?.end('1')
      } catch (err) {
        p.kill('its network could not be set up')
        await ready.catch(() => undefined)
        throw err
      }
    }
    await ready
    return p
  }

  /** The process's id as the host sees it. */
  get pid(): number | undefined {
    return this.child.pid
  }

  get alive(): boolean {
    return !this.ended && !this.killReason
  }

  /** Registers a listener for the end of the process. */
  onExit(fn: (exit: RunnerExit) => void): void {
    if (this.ended) fn(this.ended)
    else this.exitListeners.push(fn)
  }

  /** Kills the process now (SIGKILL: a looping handler would not answer anything gentler). */
  kill(reason: string): void {
    if (this.ended) return
    this.killReason ??= reason
    this.child.kill('SIGKILL')
  }

  private waitReady(): Promise<void> {
    const log = this.o.logger.child({ sandbox: this.o.key, pid: this.child.pid })
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill('start timed out')
        reject(new UnavailableError(`sandbox ${this.o.key} did not start within ${this.o.startTimeoutMs} ms`))
      }, this.o.startTimeoutMs)

      eachLine(this.child.stdout!, MAX_LINE, (line) => {
        if (!this.ready) {
          const at = parseReady(line)
          if (at) {
            if ('port' in at) this.port = at.port
            else this.socket = at.socket
            clearTimeout(timer)
            return resolve()
          }
        }
        log.info({ stream: 'stdout' }, line)
      })
      eachLine(this.child.stderr!, MAX_LINE, (line) => {
        this.stderrTail = `${this.stderrTail}${line}\n`.slice(-STDERR_TAIL)
        log.warn({ stream: 'stderr' }, line)
      })
      this.child.on('error', (err) => {
        clearTimeout(timer)
        reject(
          new UnavailableError(`sandbox ${this.o.key} could not be started: ${err.message}`, { cause: err }),
        )
        this.finish(null, null)
      })
      // 'close', not 'exit': by then stderr has been read to the end, so the reason is complete.
      this.child.on('close', (code, signal) => {
        clearTimeout(timer)
        this.finish(code, signal)
        if (this.ready) return
        const why = `${this.describeExit()}${this.lastErrors ? `: ${this.lastErrors}` : ''}`
        reject(
          code === RUNNER_EXIT.invalidBundle
            ? new InvalidInputError(`sandbox ${this.o.key}: the bundle cannot run (${why})`)
            : new UnavailableError(`sandbox ${this.o.key} exited before serving (${why})`),
        )
      })
    })
  }

  private get ready(): boolean {
    return this.port > 0 || this.socket !== ''
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.ended) return
    this.agent.destroy()
    this.network?.close()
    this.ended = {
      code,
      signal,
      expected: this.killReason !== undefined,
      reason: this.killReason ?? 'crashed',
    }
    for (const fn of this.exitListeners.splice(0)) fn(this.ended)
  }

  /** "exit code 1", "signal SIGKILL": for messages. */
  describeExit(): string {
    const e = this.ended
    if (!e) return 'running'
    return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`
  }

  /**
   * What the process said last on stderr, short enough for an error message (every line is in the
   * log already): V8's fatal error, else the runner's own last word, else the last three lines.
   */
  get lastErrors(): string {
    const lines = this.stderrTail.split('\n').filter((l) => l.trim())
    const fatal = lines.find((l) => l.startsWith('FATAL ERROR'))
    const runner = lines.findLast((l) => l.startsWith('runner: '))
    return (fatal ?? runner ?? lines.slice(-3).join(' | ')).slice(0, 500)
  }

  /**
   * `POST /` with these headers and body. Rejects with TimeoutError after `timeoutMs` (the caller kills
   * the process), UnavailableError if the process dies or the connection fails, InvalidInputError if
   * a header is not valid HTTP or the answer is over `responseLimit` bytes.
   */
  call(
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
    responseLimit: number,
  ): Promise<InvokeResponse> {
    const payload = Buffer.from(body, 'utf8')
    let out: Record<string, string>
    try {
      out = runnerRequestHeaders(headers)
    } catch (err) {
      return Promise.reject(
        new InvalidInputError(`invalid request header: ${(err as Error).message}`, { cause: err }),
      )
    }
    out['content-length'] = String(payload.length)

    this.inflight++
    return new Promise<InvokeResponse>((resolve, reject) => {
      let settled = false
      const settle = (fn: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.inflight--
        fn()
      }
      // A broken connection usually means the process died: wait a moment for its exit, so the error
      // says how (a signal, "heap out of memory" on stderr) rather than only "socket hang up".
      const failed = (err: Error) => {
        if (settled) return
        void this.exited(EXIT_GRACE_MS).then(() =>
          settle(() =>
            reject(
              new UnavailableError(
                `sandbox ${this.o.key} failed during the call (${this.describeExit()})${this.ended ? `: ${this.lastErrors}` : ''}`,
                { cause: err },
              ),
            ),
          ),
        )
      }
      const timer = setTimeout(() => {
        settle(() =>
          reject(new TimeoutError(`sandbox ${this.o.key}: the call took longer than ${timeoutMs} ms`)),
        )
        req.destroy()
      }, timeoutMs)

      const req = request(
        {
          ...(this.socket ? { socketPath: this.socket } : { host: '127.0.0.1', port: this.port }),
          method: 'POST',
          path: '/',
          headers: out,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size <= responseLimit) return void chunks.push(chunk)
            res.destroy()
            settle(() =>
              reject(new InvalidInputError(`sandbox ${this.o.key}: response over ${responseLimit} bytes`)),
            )
          })
          res.on('error', failed)
          res.on('end', () => {
            const answer = { status: res.statusCode ?? 500, headers: runnerResponseHeaders(res.headers) }
            settle(() => resolve({ ...answer, body: Buffer.concat(chunks).toString('utf8') }))
          })
        },
      )
      req.on('error', failed)
      req.end(payload)
    })
  }

  /** Resolves when the process has ended, or after `ms`, whichever comes first. */
  private exited(ms: number): Promise<void> {
    if (this.ended) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.onExit(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}

/** The sandbox's pid as bubblewrap reports it on its info descriptor (`{"child-pid": N}`). */
function sandboxPid(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let info = ''
    const stream = child.stdio[BWRAP_INFO_FD] as NodeJS.ReadableStream | null
    if (!stream) return reject(new UnavailableError('bubblewrap has no info descriptor'))
    stream.on('data', (d: Buffer) => {
      info += d.toString()
      const m = /"child-pid"\s*:\s*(\d+)\s*[,}]/.exec(info)
      if (m) resolve(Number(m[1]))
    })
    stream.on('end', () => reject(new UnavailableError('bubblewrap exited before reporting the sandbox pid')))
  })
}
