import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { ensureHelm, REPO_ROOT } from './helm.js'

const run = promisify(execFile)

/** The chart's folder. */
export const CHART_DIR = join(REPO_ROOT, 'deploy/helm/switchboard')

/** One rendered Kubernetes object. */
export interface RenderedObject {
  apiVersion: string
  kind: string
  metadata: {
    name: string
    namespace?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
  }
  spec?: Record<string, unknown>
  data?: Record<string, string>
  [k: string]: unknown
}

/** `helm template sb <chart> --namespace switchboard <args>` with real helm, parsed into objects. */
export async function renderChart(...args: string[]): Promise<RenderedObject[]> {
  const helm = await ensureHelm()
  const { stdout } = await run(helm, ['template', 'sb', CHART_DIR, '--namespace', 'switchboard', ...args], {
    maxBuffer: 32 * 1024 * 1024,
  })
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => !!o)
}

/** Validates an object with its kubernetes-models class (Prometheus operator kinds included). */
export async function validateObject(o: RenderedObject): Promise<void> {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion]
  const path =
    group === 'monitoring.coreos.com'
      ? `@kubernetes-models/prometheus-operator/${group}/${version}/${o.kind}`
      : `kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`
  const mod = (await import(/* @vite-ignore */ path)) as Record<
    string,
    new (v: unknown) => { validate(): void }
  >
  const Model = mod[o.kind]
  if (!Model) throw new Error(`no kubernetes-models class for ${o.apiVersion} ${o.kind}`)
  new Model(o).validate()
}

/** A Grafana dashboard as the chart ships it (the parts the tests read). */
export interface Dashboard {
  uid: string
  title: string
  templating: { list: Array<{ name: string; type: string; query?: unknown; allValue?: string }> }
  panels: Array<{
    title: string
    datasource: { type: string; uid: string }
    targets: Array<{ expr: string; datasource: { uid: string } }>
  }>
}

/** An alerting rule of the chart's PrometheusRule. */
export interface AlertRule {
  alert: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations: Record<string, string>
}

/** The dashboards (by file stem: overview, delivery, …) and alert groups the chart renders with both on. */
export async function renderMonitoring(...args: string[]): Promise<{
  objects: RenderedObject[]
  dashboards: Record<string, Dashboard>
  groups: Array<{ name: string; rules: AlertRule[] }>
}> {
  const objects = await renderChart(
    '--set',
    'grafanaDashboards.enabled=true',
    '--set',
    'prometheusRule.enabled=true',
    ...args,
  )
  const dashboards: Record<string, Dashboard> = {}
  for (const o of objects) {
    if (o.kind !== 'ConfigMap' || o.metadata.labels?.['app.kubernetes.io/component'] !== 'dashboards')
      continue
    for (const [key, json] of Object.entries(o.data ?? {}))
      dashboards[key.replace(/^switchboard-|\.json$/g, '')] = JSON.parse(json) as Dashboard
  }
  const rule = objects.find((o) => o.kind === 'PrometheusRule')
  const groups = ((rule?.spec as { groups?: unknown })?.groups ?? []) as Array<{
    name: string
    rules: AlertRule[]
  }>
  return { objects, dashboards, groups }
}
