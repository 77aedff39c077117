/** The loop benchmark's figures per rate, and the lines it prints. */
import { CPU_GROUPS, type CpuGroup } from './cpu.js'

/** One rate's outcome. */
export interface StepResult {
  rate: number
  sent: number
  delivered: number
  /** Latency percentiles over the delivered messages, ms. */
  p50: number
  p95: number
  p99: number
  max: number
  /** CPU ms per delivered message, per process group. */
  cpuMs: Record<CpuGroup, number>
  /** The machine's load average (1, 5, 15 min) at the end of the step. */
  load: string
}

const pct = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN

/** Percentiles of `latencies` and the CPU seconds of `cpu` spread over the messages delivered. */
export function summarise(
  rate: number,
  sent: number,
  latencies: number[],
  cpu: Record<CpuGroup, number>,
  load: string,
): StepResult {
  const sorted = [...latencies].sort((a, b) => a - b)
  const per = (s: number) => (sorted.length ? (s * 1000) / sorted.length : NaN)
  return {
    rate,
    sent,
    delivered: sorted.length,
    p50: pct(sorted, 0.5),
    p95: pct(sorted, 0.95),
    p99: pct(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    cpuMs: Object.fromEntries(CPU_GROUPS.map((g) => [g, per(cpu[g])])) as Record<CpuGroup, number>,
    load,
  }
}

const ms = (v: number) =>
  Number.isNaN(v) ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`

/** One line: rate, percentiles, delivered/sent, load average. */
export function formatLatency(s: StepResult): string {
  return (
    `${String(s.rate).padStart(4)}/s  p50 ${ms(s.p50).padStart(7)}  p95 ${ms(s.p95).padStart(7)}  ` +
    `p99 ${ms(s.p99).padStart(7)}  max ${ms(s.max).padStart(7)}  delivered ${s.delivered}/${s.sent}  ` +
    `(load ${s.load})`
  )
}

/** A table of CPU ms per message: one row per rate, one column per process group and the total. */
export function formatCpu(steps: StepResult[]): string[] {
  const head = ['rate', ...CPU_GROUPS, 'total']
  const rows = steps.map((s) => {
    const total = CPU_GROUPS.reduce((a, g) => a + s.cpuMs[g], 0)
    return [`${s.rate}/s`, ...CPU_GROUPS.map((g) => s.cpuMs[g].toFixed(2)), total.toFixed(2)]
  })
  return [head, ...rows].map((r) => r.map((c, i) => c.padStart(i ? 12 : 6)).join(''))
}

/** The idle platform's CPU (`cpu`: seconds over `seconds`) per process, in ms per second, as a table. */
export function formatIdle(cpu: Record<CpuGroup, number>, seconds: number): string[] {
  const msPerSecond = (s: number) => ((s * 1000) / seconds).toFixed(1)
  const total = CPU_GROUPS.reduce((a, g) => a + cpu[g], 0)
  const head = ['', ...CPU_GROUPS, 'total']
  const row = ['idle', ...CPU_GROUPS.map((g) => msPerSecond(cpu[g])), msPerSecond(total)]
  return [head, row].map((r) => r.map((c, i) => c.padStart(i ? 12 : 6)).join(''))
}
