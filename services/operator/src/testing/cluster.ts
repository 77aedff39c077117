/**
 * Helpers for the tests against a real API server (see control-plane.ts): `helm install` of the chart,
 * the objects it rendered, and standing in for the controllers a bare API server lacks.
 */
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { ensureHelm, REPO_ROOT } from '../chart/helm.js'
import { PLURALS, type KubeObject } from '../kube/api.js'
import type { ControlPlane } from './control-plane.js'

const run = promisify(execFile)

/** The chart in this repository. */
export const CHART = join(REPO_ROOT, 'deploy/helm/switchboard')

/** Runs helm against the control plane as its admin; resolves with stdout. */
export async function helm(cp: ControlPlane, args: string[]): Promise<string> {
  const bin = await ensureHelm()
  const home = join(tmpdir(), 'sb-helm-home')
  const { stdout } = await run(bin, args, {
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH,
      // Without HOME, client-go would put its discovery cache in ./.kube of the working directory.
      HOME: home,
      KUBECONFIG: cp.kubeconfigPath,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    },
  })
  return stdout
}

/** The objects of a YAML stream. */
export function parseManifest(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o?.kind)
}

/**
 * `helm install <release> <chart> --namespace <ns> --create-namespace`, without --wait (no pod ever
 * runs here); returns what helm rendered and applied.
 */
export async function installChart(
  cp: ControlPlane,
  opts: { release: string; namespace: string; chart?: string; set?: string[] },
): Promise<KubeObject[]> {
  await helm(cp, [
    'install',
    opts.release,
    opts.chart ?? CHART,
    '--namespace',
    opts.namespace,
    '--create-namespace',
    ...(opts.set ?? []).flatMap((s) => ['--set', s]),
  ])
  return parseManifest(await helm(cp, ['get', 'manifest', opts.release, '--namespace', opts.namespace]))
}

/**
 * A copy of the chart with `edit` applied to one template (e.g. an RBAC rule removed); `edit` must
 * change the file. Returns the copy's directory; remove it with `rm`.
 */
export async function editedChart(template: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-chart-'))
  await cp(CHART, dir, { recursive: true })
  const file = join(dir, 'templates', template)
  const before = await readFile(file, 'utf8')
  const after = edit(before)
  if (after === before) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`the edit left ${template} unchanged`)
  }
  await writeFile(file, after)
  return dir
}

/** The REST path of an object (core and grouped, namespaced and cluster-scoped kinds the chart uses). */
export function pathOf(o: {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string }
}) {
  const plural = EXTRA_PLURALS[o.kind] ?? PLURALS[o.kind] ?? `${o.kind.toLowerCase()}s`
  const root = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`
  const ns = o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : ''
  return `${root}${ns}/${plural}/${o.metadata.name}`
}
const EXTRA_PLURALS: Record<string, string> = {
  NetworkPolicy: 'networkpolicies',
  PodDisruptionBudget: 'poddisruptionbudgets',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  CustomResourceDefinition: 'customresourcedefinitions',
  Ingress: 'ingresses',
  PrometheusRule: 'prometheusrules',
}

/**
 * Plays the Deployment controller and the kubelet, which a bare API server lacks: writes a rolled-out
 * status (every replica updated and ready) on each Deployment in `namespace` with `labelSelector`.
 */
export async function rollOutDeployments(
  cp: ControlPlane,
  namespace: string,
  labelSelector: string,
): Promise<number> {
  const res = await cp.request(
    'GET',
    `/apis/apps/v1/namespaces/${namespace}/deployments?labelSelector=${encodeURIComponent(labelSelector)}`,
  )
  const { items } = res.json<{ items: KubeObject[] }>()
  let n = 0
  for (const d of items) {
    const replicas = (d.spec as { replicas?: number }).replicas ?? 1
    const status = d.status as { observedGeneration?: number; readyReplicas?: number } | undefined
    if (status?.observedGeneration === d.metadata.generation && status?.readyReplicas === replicas) continue
    const put = await cp.request(
      'PUT',
      `${pathOf({ ...d, apiVersion: 'apps/v1', kind: 'Deployment' })}/status`,
      {
        ...d,
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        status: {
          observedGeneration: d.metadata.generation,
          replicas,
          updatedReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
        },
      },
    )
    if (put.status === 200) n++
  }
  return n
}
