import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitFor } from '@switchboard/testing'
import { stringify } from 'yaml'

/** A scrape job: its name (the `job` label) and `host:port` targets serving /metrics. */
export interface ScrapeJob {
  job: string
  targets: string[]
}

/** A Prometheus instant-query answer (`/api/v1/query`). */
export interface QueryResult {
  status: 'success' | 'error'
  error?: string
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }
}

/** An alert as `/api/v1/alerts` lists it. */
export interface ActiveAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  state: 'pending' | 'firing'
}

/** A real Prometheus (Debian's `prometheus`) on a free port, with a temporary config and storage. */
export interface Prometheus {
  url: string
  query(expr: string): Promise<QueryResult>
  alerts(): Promise<ActiveAlert[]>
  close(): Promise<void>
}

/**
 * Starts `prometheus` scraping `jobs` every `intervalSeconds` and evaluating `ruleGroups` (Prometheus
 * rule-file groups, e.g. a PrometheusRule's `spec.groups`) as often. Resolves once it is ready.
 */
export async function startPrometheus(opts: {
  jobs: ScrapeJob[]
  ruleGroups?: Array<{ name: string; rules: unknown[] }>
  intervalSeconds?: number
}): Promise<Prometheus> {
  const interval = `${opts.intervalSeconds ?? 1}s`
  const dir = await mkdtemp(join(tmpdir(), 'prometheus-test-'))
  await writeFile(
    join(dir, 'rules.yml'),
    stringify({ groups: (opts.ruleGroups ?? []).map((g) => ({ ...g, interval })) }),
  )
  await writeFile(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
      rule_files: [join(dir, 'rules.yml')],
      scrape_configs: opts.jobs.map((j) => ({ job_name: j.job, static_configs: [{ targets: j.targets }] })),
    }),
  )
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)))
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitFor(
      'Prometheus to be ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`)
        return (await fetch(`${url}/-/ready`)).ok
      },
      20_000,
    )
  } catch (err) {
    await close()
    throw err
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: expr }),
      })
      return (await res.json()) as QueryResult
    },
    async alerts() {
      const res = (await (await fetch(`${url}/api/v1/alerts`)).json()) as { data: { alerts: ActiveAlert[] } }
      return res.data.alerts
    },
    close,
  }
}
