/**
 * CPU time and context switches of the platform's processes, read from /proc: each service's process
 * tree (npm, node and their children), the dispatcher's runners (bubblewrap, slirp4netns, node with
 * the permission model) apart, nats-server, and the Postgres backends of the platform's own database.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** What a figure is counted under. */
export type CpuGroup =
  'chat-api' | 'dispatcher' | 'secrets' | 'runner' | 'ingress' | 'nats-server' | 'postgres'

/** Every group, in the order the tables print them. */
export const CPU_GROUPS: CpuGroup[] = [
  'chat-api',
  'dispatcher',
  'secrets',
  'runner',
  'ingress',
  'nats-server',
  'postgres',
]

/** The processes a runner is made of: bubblewrap, slirp4netns and the sandboxed node (with nsenter/ip). */
export type RunnerPart = 'bwrap' | 'slirp4netns' | 'node'

/** Every runner part, in the order the benchmark prints them. */
export const RUNNER_PARTS: RunnerPart[] = ['bwrap', 'slirp4netns', 'node']

/**
 * CPU seconds so far per process (utime + stime + reaped children's), with each one's group, its
 * threads' context switches so far (each one a wakeup or a preemption), and for a runner's processes
 * which part of the runner it is.
 */
export type CpuSnapshot = Map<
  number,
  { group: CpuGroup; seconds: number; switches: number; part?: RunnerPart }
>

/** Which processes belong to which group. */
export interface CpuRoots {
  /** The process-group leader (npm) of each service. */
  services: Record<'chat-api' | 'dispatcher' | 'secrets' | 'ingress', number>
  natsServer: number
  /** The platform's database: its backends' command lines name it. */
  databaseName: string
}

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

interface Proc {
  pid: number
  ppid: number
  comm: string
  seconds: number
  cmdline: string
}

function readProcs(): Proc[] {
  const procs: Proc[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const comm = stat.slice(stat.indexOf('(') + 1, close)
      // Fields from the 3rd (state) on; utime, stime, cutime, cstime are the 14th to 17th.
      const f = stat.slice(close + 2).split(' ')
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')
      procs.push({ pid: Number(entry), ppid: Number(f[1]), comm, seconds: ticks / TICKS, cmdline })
    } catch {
      // gone meanwhile
    }
  }
  return procs
}

/** CPU seconds so far of process `root` and every process below it. */
export function treeSeconds(root: number): number {
  const procs = readProcs()
  const parent = new Map(procs.map((p) => [p.pid, p.ppid]))
  const within = (pid: number) => {
    for (let q: number | undefined = pid; q && q > 1; q = parent.get(q)) if (q === root) return true
    return false
  }
  return procs.filter((p) => within(p.pid)).reduce((sum, p) => sum + p.seconds, 0)
}

/** The node processes below `root` whose command line contains `match` (a service's node under npm). */
export function nodesBelow(root: number, match: string): number[] {
  const procs = readProcs()
  const parent = new Map(procs.map((p) => [p.pid, p.ppid]))
  const below = (pid: number) => {
    for (let q = parent.get(pid); q && q > 1; q = parent.get(q)) if (q === root) return true
    return false
  }
  return procs.filter((p) => p.comm === 'node' && below(p.pid) && p.cmdline.includes(match)).map((p) => p.pid)
}

/** Voluntary and involuntary context switches so far of every thread of process `pid` (0 if gone). */
function contextSwitches(pid: number): number {
  let sum = 0
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8')
      for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) sum += Number(m[1])
    }
  } catch {
    // gone meanwhile
  }
  return sum
}

const isRunnerPart = (p: Proc) =>
  p.comm === 'bwrap' || p.comm === 'slirp4netns' || p.cmdline.includes('--experimental-permission')

/** Reads the CPU seconds and context switches of every process of the platform now. */
export function cpuSnapshot(roots: CpuRoots): CpuSnapshot {
  const procs = readProcs()
  const byPid = new Map(procs.map((p) => [p.pid, p]))
  const rootGroup = new Map<number, CpuGroup>(
    Object.entries(roots.services).map(([name, pid]) => [pid, name as CpuGroup]),
  )
  const groupOf = (p: Proc): CpuGroup | undefined => {
    let runner = false
    for (let q: Proc | undefined = p; q; q = byPid.get(q.ppid)) {
      if (q.pid === roots.natsServer) return 'nats-server'
      const g = rootGroup.get(q.pid)
      if (g) return runner && g === 'dispatcher' ? 'runner' : g
      runner ||= isRunnerPart(q)
      if (q.ppid <= 1) return undefined
    }
    return undefined
  }
  const postmasters = new Set(
    procs.filter((p) => p.comm === 'postgres' && byPid.get(p.ppid)?.comm !== 'postgres').map((p) => p.pid),
  )
  const snapshot: CpuSnapshot = new Map()
  for (const p of procs) {
    const ours = postmasters.has(p.ppid) && p.cmdline.includes(` ${roots.databaseName} `)
    const group = ours ? 'postgres' : groupOf(p)
    if (!group) continue
    const part: RunnerPart | undefined =
      group !== 'runner' ? undefined : p.comm === 'bwrap' || p.comm === 'slirp4netns' ? p.comm : 'node'
    snapshot.set(p.pid, {
      group,
      seconds: p.seconds,
      switches: contextSwitches(p.pid),
      ...(part && { part }),
    })
  }
  return snapshot
}

/** The `runner` group's CPU seconds between two snapshots, split by part. */
export function runnerDelta(from: CpuSnapshot, to: CpuSnapshot): Record<RunnerPart, number> {
  const out = Object.fromEntries(RUNNER_PARTS.map((p) => [p, 0])) as Record<RunnerPart, number>
  for (const [pid, now] of to) {
    if (now.part) out[now.part] += now.seconds - (from.get(pid)?.seconds ?? 0)
  }
  return out
}

/** `to`'s `field` minus `from`'s, summed per group (a process new in `to` counts from zero). */
function groupDelta(
  from: CpuSnapshot,
  to: CpuSnapshot,
  field: 'seconds' | 'switches',
): Record<CpuGroup, number> {
  const out = Object.fromEntries(CPU_GROUPS.map((g) => [g, 0])) as Record<CpuGroup, number>
  for (const [pid, now] of to) out[now.group] += now[field] - (from.get(pid)?.[field] ?? 0)
  return out
}

/** CPU seconds spent per group between two snapshots (a process new in `to` counts from zero). */
export function cpuDelta(from: CpuSnapshot, to: CpuSnapshot): Record<CpuGroup, number> {
  return groupDelta(from, to, 'seconds')
}

/**
 * Context switches per group between two snapshots: how often the platform's threads were put to
 * sleep and woken (or preempted). Where a wakeup is dear (a loaded machine, a virtual machine whose
 * idle vCPU must be woken), CPU per message follows this count more than the work done.
 */
export function switchesDelta(from: CpuSnapshot, to: CpuSnapshot): Record<CpuGroup, number> {
  return groupDelta(from, to, 'switches')
}
