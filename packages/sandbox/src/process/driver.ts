import { createHash } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidInputError, SwitchboardError, TimeoutError, UnavailableError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { buildRunner, DEFAULT_BODY_LIMIT_BYTES, formatBridges, RUNNER_ENV } from '@switchboard/runner'
import type {
  InvokeRequest,
  InvokeResponse,
  SandboxDriver,
  SandboxEvent,
  SandboxInfo,
  SandboxSpec,
} from '../driver.js'
import { findExecutable, sandboxCommand } from './command.js'
import { SocketBridge, type BridgedPort } from './bridge.js'
import { treeRssBytes } from './memory.js'
import { SandboxFiles } from './files.js'
import {
  attachNetwork,
  findNetworkTools,
  SLIRP_DNS,
  type NetworkTools,
  type SandboxNetworkMode,
} from './network.js'
import { RunnerProcess } from './runner-process.js'

/** Options of the process driver; every one but `logger` has a default. */
export interface ProcessSandboxOptions {
  /** Receives the sandboxes' lifecycle (started, crashed, killed) and their stdout/stderr lines. */
  logger: Logger
  /**
   * The bubblewrap binary, or false to run without it. Default: `bwrap` from PATH when it is there
   * (Node's permission model applies either way).
   */
  bwrap?: string | false
  /** The node binary that runs the runner (default: this process's). */
  node?: string
  /** Where the private directory is created (default: the OS temp directory). */
  workDir?: string
  /** Call timeout when the request has none (default 30 s). */
  defaultTimeoutMs?: number
  /** Memory cap when the spec has none, in MiB (default 256). */
  defaultMemoryMb?: number
  /** How long a process may take to load its bundle and listen (default 10 s). */
  startTimeoutMs?: number
  /** Largest request body the runner accepts; larger ones are answered 413 (default 10 MiB). */
  bodyLimitBytes?: number
  /** Largest handler response read back (default 10 MiB). */
  responseLimitBytes?: number
  /** Delay before restarting a crashed process: doubles per consecutive crash (default 250 ms to 30 s). */
  restartBackoff?: { initialMs: number; maxMs: number }
  /** Source of the runner file (default: `buildRunner` from @switchboard/runner). */
  runnerSource?: () => Promise<string>
  /**
   * `isolated` (default): each sandbox in its own network namespace with outbound NAT through
   * slirp4netns, no host loopback, no private ranges, the Runtime API (BP_API_URL) bridged in on the
   * same port. Needs bubblewrap and slirp4netns; without them sandboxes are refused, loudly. `host`:
   * the host's network (an explicit opt-out: the sandbox reaches everything the dispatcher does).
   */
  network?: SandboxNetworkMode
  /**
   * Ports on the host's loopback an isolated sandbox may reach besides the Runtime API's, read at each
   * sandbox start (dev mode's sink, a test's stand-in for an external service).
   */
  loopbackPorts?: () => Iterable<number>
  /**
   * Benchmarks only: each runner writes a V8 CPU profile here when it exits (SIGTERM), and so runs
   * without Node's permission model, which refuses profilers. Default: `SB_RUNNER_CPU_PROF_DIR` from
   * the environment (the loop benchmark sets it on the dispatcher with BENCH_CPU_PROF); unset, none.
   */
  cpuProfileDir?: string
}

/** Variables a sandbox's env may not set: they would change how node or the runner start. */
const RESERVED_ENV = /^(NODE_|LD_|SB_)/

/** One sandbox key: its current process and its crash history. */
interface Slot {
  key: string
  /** sha256 of bundle, env and memory: a different one means a new process. */
  fingerprint: string
  proc?: RunnerProcess
  starting?: Promise<RunnerProcess>
  /** Consecutive crashes; reset by a call that completes. */
  crashes: number
  /** Processes started and crashes, since the driver began (for `sandboxes()`). */
  starts: number
  totalCrashes: number
  /** Starts of the slot this one replaced (a new version): its first start is a replacement. */
  inheritedStarts: number
  bundleSha256: string
  memoryMb: number
  startedAt?: number
  /** No restart before this time (ms since epoch). */
  notBefore: number
  /** Set when the bundle cannot run at all: every call fails the same way until the spec changes. */
  invalid?: InvalidInputError
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * The local-mode sandbox driver (ARCHITECTURE.md §6): one runner process per `spec.key`, started on
 * first use and kept warm, under Node's permission model and, where installed, bubblewrap. The
 * process's environment is only the spec's env plus the runner's settings. A call past its timeout
 * kills the process (the next call starts a fresh one); a crashed process is restarted on the next
 * call after an exponential backoff.
 */
export class ProcessSandboxDriver implements SandboxDriver {
  private readonly slots = new Map<string, Slot>()
  /** Processes of replaced specs, finishing their calls in flight. */
  private readonly retiring = new Set<RunnerProcess>()
  private readonly files: SandboxFiles
  private readonly bwrap: string | undefined
  private readonly network: SandboxNetworkMode
  private readonly netTools: NetworkTools | undefined
  /** Why sandboxes cannot start (isolation asked for, tools missing); undefined when they can. */
  private readonly refusal: string | undefined
  private readonly loopbackPorts: () => Iterable<number>
  private readonly cpuProfileDir: string | undefined
  private closed = false
  private readonly logger: Logger
  private readonly observers: Array<(event: SandboxEvent) => void> = []
  private readonly o: Required<
    Omit<
      ProcessSandboxOptions,
      'logger' | 'bwrap' | 'workDir' | 'runnerSource' | 'network' | 'loopbackPorts' | 'cpuProfileDir'
    >
  >

  constructor(options: ProcessSandboxOptions) {
    this.logger = options.logger
    this.o = {
      node: options.node ?? process.execPath,
      defaultTimeoutMs: options.defaultTimeoutMs ?? 30_000,
      defaultMemoryMb: options.defaultMemoryMb ?? 256,
      startTimeoutMs: options.startTimeoutMs ?? 10_000,
      bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
      responseLimitBytes: options.responseLimitBytes ?? 10 * 1024 * 1024,
      restartBackoff: options.restartBackoff ?? { initialMs: 250, maxMs: 30_000 },
    }
    // The only environment read outside config: where bubblewrap is, as a shell would find it.
    this.bwrap =
      options.bwrap === undefined
        ? findExecutable('bwrap', process.env.PATH ?? '')
        : options.bwrap || undefined
    this.files = new SandboxFiles(options.workDir ?? tmpdir(), options.runnerSource ?? buildRunner)
    if (!this.bwrap) {
      this.logger.warn('bubblewrap not in use: sandboxes rely on the Node permission model alone')
    }
    // Read like PATH: a benchmark's switch, never set by a deployment.
    this.cpuProfileDir = options.cpuProfileDir ?? (process.env.SB_RUNNER_CPU_PROF_DIR || undefined)
    if (this.cpuProfileDir) {
      this.logger.warn(
        { cpuProfileDir: this.cpuProfileDir },
        'profiling sandboxes: they run without the Node permission model (benchmarks only)',
      )
    }
    this.network = options.network ?? 'isolated'
    this.loopbackPorts = options.loopbackPorts ?? (() => [])
    if (this.network === 'isolated') {
      const tools = findNetworkTools(process.env.PATH ?? '')
      const missing = [
        ...(this.bwrap ? [] : ['bubblewrap (bwrap)']),
        ...('missing' in tools ? tools.missing : []),
      ]
      if (missing.length) {
        this.refusal =
          `sandboxes need ${missing.join(', ')} to run without access to loopback and private networks: ` +
          'install them (scripts/services.sh does: apt-get install bubblewrap slirp4netns), or set ' +
          'SANDBOX_NETWORK=host to run sandboxes on the host network'
        this.logger.error({ missing }, `REFUSING TO START SANDBOXES: ${this.refusal}`)
      } else this.netTools = tools as NetworkTools
    } else {
      this.logger.warn(
        'SANDBOX_NETWORK=host: sandboxes share the host network and can reach loopback services (Postgres, NATS, gRPC)',
      )
    }
  }

  /** How sandboxes reach the network; `isolated` even when they are refused for want of the tools. */
  get networkMode(): SandboxNetworkMode {
    return this.network
  }

  /** True when sandboxes run under bubblewrap. */
  get usesBubblewrap(): boolean {
    return this.bwrap !== undefined
  }

  async invoke(req: InvokeRequest): Promise<InvokeResponse> {
    const spec = req.sandbox
    const timeoutMs = req.timeoutMs ?? this.o.defaultTimeoutMs
    const slot = this.slot(spec)
    const cold = !slot.proc?.alive
    const proc = await this.acquire(slot, spec, timeoutMs)
    this.emit({ kind: 'call', key: slot.key, cold })
    try {
      const res = await proc.call(req.headers, req.body, timeoutMs, this.o.responseLimitBytes)
      slot.crashes = 0
      return res
    } catch (err) {
      if (err instanceof TimeoutError) {
        this.logger.warn({ sandbox: slot.key, timeoutMs }, 'call timed out: killing the sandbox process')
        proc.kill(`call timed out after ${timeoutMs} ms`)
      }
      throw err
    }
  }

  observe(observer: (event: SandboxEvent) => void): void {
    this.observers.push(observer)
  }

  sandboxes(): SandboxInfo[] {
    return [...this.slots.values()].map((slot) => {
      const running = !!slot.proc?.alive
      return {
        key: slot.key,
        bundleSha256: slot.bundleSha256,
        running,
        pid: running ? slot.proc!.pid : undefined,
        rssBytes: running && slot.proc!.pid ? treeRssBytes(slot.proc!.pid) : undefined,
        memoryLimitMb: slot.memoryMb,
        starts: slot.starts,
        crashes: slot.totalCrashes,
        consecutiveCrashes: slot.crashes,
        startedAt: running ? slot.startedAt : undefined,
      }
    })
  }

  private emit(event: SandboxEvent): void {
    for (const o of this.observers) {
      try {
        o(event)
      } catch (err) {
        this.logger.warn({ err }, 'sandbox observer failed')
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const procs = [...this.retiring]
    for (const slot of this.slots.values()) {
      const p = slot.proc ?? (await slot.starting?.catch(() => undefined))
      if (p) procs.push(p)
    }
    this.slots.clear()
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            p.onExit(() => resolve())
            p.kill('driver closed')
          }),
      ),
    )
    await this.files.remove()
  }

  /** The slot of this key, replaced (its process retired) when the bundle, env or memory changed. */
  private slot(spec: SandboxSpec): Slot {
    if (this.closed) throw new UnavailableError('the sandbox driver is closed')
    if (!spec.key) throw new InvalidInputError('a sandbox needs a key')
    for (const name of Object.keys(spec.env)) {
      if (RESERVED_ENV.test(name)) throw new InvalidInputError(`sandbox env may not set ${name}`)
    }
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([spec.bundle.sha256, spec.memoryMb, Object.entries(spec.env).sort()]))
      .digest('hex')
    const current = this.slots.get(spec.key)
    if (current?.fingerprint === fingerprint) return current
    if (current) this.retire(current)
    const slot: Slot = {
      key: spec.key,
      fingerprint,
      crashes: 0,
      notBefore: 0,
      starts: current?.starts ?? 0,
      inheritedStarts: current?.starts ?? 0,
      totalCrashes: current?.totalCrashes ?? 0,
      bundleSha256: spec.bundle.sha256.toLowerCase(),
      memoryMb: spec.memoryMb ?? this.o.defaultMemoryMb,
    }
    this.slots.set(spec.key, slot)
    return slot
  }

  /** Lets the calls in flight on an old process finish, then kills it. */
  private retire(slot: Slot): void {
    // A process still starting is killed by `start` itself, once it sees its slot is gone.
    const proc = slot.proc
    if (!proc) return
    this.logger.info({ sandbox: slot.key }, 'sandbox spec changed: replacing its process')
    this.retiring.add(proc)
    proc.onExit(() => this.retiring.delete(proc))
    const check = setInterval(() => {
      if (proc.inflight === 0 || !proc.alive) {
        clearInterval(check)
        proc.kill('replaced by a new version')
      }
    }, 100)
    check.unref()
  }

  /** The slot's live process: the warm one, the one starting, or a new one (after any backoff). */
  private async acquire(slot: Slot, spec: SandboxSpec, timeoutMs: number): Promise<RunnerProcess> {
    for (;;) {
      if (this.closed) throw new UnavailableError('the sandbox driver is closed')
      if (slot.invalid) throw slot.invalid
      if (slot.proc?.alive) return slot.proc
      if (slot.starting) return await slot.starting
      const wait = slot.notBefore - Date.now()
      if (wait > timeoutMs) {
        throw new UnavailableError(
          `sandbox ${slot.key} is backing off after ${slot.crashes} crashes; retry in ${wait} ms`,
        )
      }
      if (wait > 0) {
        await sleep(wait)
        continue
      }
      slot.starting = this.start(slot, spec).finally(() => (slot.starting = undefined))
      return await slot.starting
    }
  }

  private async start(slot: Slot, spec: SandboxSpec): Promise<RunnerProcess> {
    const began = Date.now()
    if (this.refusal) throw new UnavailableError(this.refusal)
    const bundle = await this.loadBundle(spec)
    const [runnerPath, bundlePath] = await Promise.all([
      this.files.runnerPath(),
      this.files.bundlePath(slot.bundleSha256, bundle),
    ])
    const isolated = this.netTools ? await this.isolatedSetup(spec) : undefined
    const { command, args } = sandboxCommand({
      node: this.o.node,
      runnerPath,
      bundlePath,
      memoryMb: slot.memoryMb,
      bwrap: this.bwrap,
      network: isolated?.command,
      cpuProfileDir: this.cpuProfileDir,
    })
    const env = {
      ...spec.env,
      ...isolated?.env,
      [RUNNER_ENV.bundlePath]: bundlePath,
      [RUNNER_ENV.bundleSha256]: slot.bundleSha256,
      [RUNNER_ENV.port]: '0',
      [RUNNER_ENV.bodyLimitBytes]: String(this.o.bodyLimitBytes),
    }
    let proc: RunnerProcess
    try {
      const tools = this.netTools
      proc = await RunnerProcess.start({
        key: slot.key,
        command,
        args,
        env,
        startTimeoutMs: this.o.startTimeoutMs,
        logger: this.logger,
        ...(tools && { isolate: (pid: number) => attachNetwork(pid, tools) }),
      })
    } catch (err) {
      void isolated?.bridge.close()
      if (err instanceof InvalidInputError) slot.invalid = err
      else this.crashed(slot, err instanceof Error ? err.message : String(err))
      throw err
    }
    if (isolated) proc.onExit(() => void isolated.bridge.close())
    if (this.closed || this.slots.get(slot.key) !== slot) {
      proc.kill('no longer wanted')
      throw new UnavailableError(`sandbox ${slot.key} was replaced or the driver closed while it started`)
    }
    slot.proc = proc
    slot.startedAt = Date.now()
    const reason = slot.starts === 0 ? 'first' : slot.starts === slot.inheritedStarts ? 'replaced' : 'restart'
    slot.starts++
    this.emit({ kind: 'started', key: slot.key, reason })
    proc.onExit((exit) => {
      if (slot.proc === proc) slot.proc = undefined
      if (!exit.expected)
        this.crashed(slot, `${proc.describeExit()}${proc.lastErrors ? `: ${proc.lastErrors}` : ''}`)
    })
    this.logger.info(
      {
        sandbox: slot.key,
        pid: proc.pid,
        port: proc.port,
        bwrap: !!this.bwrap,
        network: this.network,
        memoryMb: slot.memoryMb,
        ms: Date.now() - began,
      },
      'sandbox started',
    )
    return proc
  }

  /**
   * The sockets, bubblewrap arguments and runner settings of one isolated sandbox: the Runtime API
   * (BP_API_URL) and the allowed loopback ports bridged in, each on its own port number, so URLs work
   * unchanged; a BP_API_URL on another host is bridged too and rewritten to 127.0.0.1.
   */
  private async isolatedSetup(spec: SandboxSpec) {
    const ports = new Map<number, BridgedPort>()
    const env: Record<string, string> = {}
    if (spec.env.BP_API_URL) {
      let api: URL
      try {
        api = new URL(spec.env.BP_API_URL)
      } catch (err) {
        throw new InvalidInputError(`sandbox ${spec.key}: BP_API_URL is not a URL`, { cause: err })
      }
      if (api.protocol !== 'http:') {
        throw new InvalidInputError(
          `sandbox ${spec.key}: an isolated sandbox reaches the Runtime API over http only`,
        )
      }
      const port = Number(api.port || 80)
      const host = api.hostname.replace(/^\[|\]$/g, '')
      ports.set(port, { port, host })
      if (!/^(127\.|localhost$)/.test(host)) {
        api.hostname = '127.0.0.1'
        env.BP_API_URL = api.toString().replace(/\/$/, spec.env.BP_API_URL.endsWith('/') ? '/' : '')
      }
    }
    for (const port of this.loopbackPorts()) if (!ports.has(port)) ports.set(port, { port })
    const root = await this.files.root()
    const { bridge, bridges } = await SocketBridge.open(join(root, 'net'), [...ports.values()])
    env[RUNNER_ENV.socket] = bridge.runnerSocket
    env[RUNNER_ENV.bridges] = formatBridges(bridges)
    return {
      bridge,
      env,
      command: {
        socketDir: bridge.dir,
        resolvConf: await this.files.resolvConf(`nameserver ${SLIRP_DNS}\n`),
        resolvConfPath: resolvConfPath(),
      },
    }
  }

  /** Fetches the bundle and checks its sha256 before anything is written or run. */
  private async loadBundle(spec: SandboxSpec): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/i.test(spec.bundle.sha256)) {
      throw new InvalidInputError(`sandbox ${spec.key}: bundle sha256 must be 64 hex digits`)
    }
    let bytes: Buffer
    try {
      bytes = await spec.bundle.load()
    } catch (err) {
      if (err instanceof SwitchboardError) throw err
      throw new UnavailableError(`sandbox ${spec.key}: could not load the bundle`, { cause: err })
    }
    const actual = createHash('sha256').update(bytes).digest('hex')
    if (actual !== spec.bundle.sha256.toLowerCase()) {
      throw new InvalidInputError(
        `sandbox ${spec.key}: bundle sha256 mismatch (expected ${spec.bundle.sha256}, got ${actual})`,
      )
    }
    return bytes
  }

  private crashed(slot: Slot, why: string): void {
    slot.crashes++
    slot.totalCrashes++
    this.emit({ kind: 'crashed', key: slot.key })
    const { initialMs, maxMs } = this.o.restartBackoff
    const delay = Math.min(initialMs * 2 ** (slot.crashes - 1), maxMs)
    slot.notBefore = Date.now() + delay
    this.logger.warn(
      { sandbox: slot.key, crashes: slot.crashes, restartInMs: delay, reason: why },
      'sandbox process crashed; restarting it on the next call',
    )
  }
}

/** Where this host's resolv.conf really is (it may be a link into /run, which an isolated sandbox replaces). */
function resolvConfPath(): string {
  try {
    return realpathSync('/etc/resolv.conf')
  } catch {
    return '/etc/resolv.conf'
  }
}
