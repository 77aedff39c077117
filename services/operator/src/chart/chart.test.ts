import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { chatApiEnv } from '@switchboard/chat-api'
import type { z } from '@switchboard/config'
import { dispatcherEnv } from '@switchboard/dispatcher'
import { ingressEnv } from '@switchboard/ingress'
import { secretsEnv } from '@switchboard/secrets'
import { beforeAll, describe, expect, it } from 'vitest'
import { operatorEnv } from '../config.js'
import { ensureHelm, REPO_ROOT } from './helm.js'
import { renderChart, validateObject } from './render.js'

const run = promisify(execFile)
const CHART = join(REPO_ROOT, 'deploy/helm/switchboard')

interface Obj {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> }
  spec?: Record<string, unknown>
  rules?: { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[] }[]
  [k: string]: unknown
}

let helm: string
/** The chart rendered with its CRDs (`helm template --include-crds`). */
const render = (...args: string[]): Promise<Obj[]> => renderChart('--include-crds', ...args) as Promise<Obj[]>

type Container = {
  name: string
  env?: { name: string; value?: string; valueFrom?: unknown }[]
  ports?: { hostPort?: number }[]
  securityContext?: {
    privileged?: boolean
    allowPrivilegeEscalation?: boolean
    runAsNonRoot?: boolean
    runAsUser?: number
    readOnlyRootFilesystem?: boolean
    capabilities?: { drop?: string[]; add?: string[] }
    seccompProfile?: { type: string }
  }
}
type PodSpec = {
  hostNetwork?: boolean
  hostPID?: boolean
  hostIPC?: boolean
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } }
  containers: Container[]
  initContainers?: Container[]
  volumes?: Record<string, unknown>[]
}
const podOf = (o: Obj) => (o.spec as { template: { spec: PodSpec } }).template.spec
const workloads = (objs: Obj[]) =>
  objs.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind))

/**
 * Violations of the Pod Security Standards' "restricted" profile
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), checked as the admission
 * controller does.
 */
function restrictedViolations(pod: PodSpec): string[] {
  const out: string[] = []
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push('host namespaces')
  const allowedVolumes = [
    'configMap',
    'csi',
    'downwardAPI',
    'emptyDir',
    'ephemeral',
    'persistentVolumeClaim',
    'projected',
    'secret',
  ]
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name')!
    if (!allowedVolumes.includes(type)) out.push(`volume type ${type}`)
  }
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const s = c.securityContext ?? {}
    if (s.privileged) out.push(`${c.name}: privileged`)
    if (s.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation must be false`)
    if (!(s.runAsNonRoot ?? pod.securityContext?.runAsNonRoot))
      out.push(`${c.name}: runAsNonRoot must be true`)
    if ((s.runAsUser ?? pod.securityContext?.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`)
    const seccomp = (s.seccompProfile ?? pod.securityContext?.seccompProfile)?.type
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${c.name}: seccompProfile`)
    if (!s.capabilities?.drop?.includes('ALL')) out.push(`${c.name}: capabilities must drop ALL`)
    if ((s.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE'))
      out.push(`${c.name}: adds capabilities`)
    if ((c.ports ?? []).some((p) => p.hostPort)) out.push(`${c.name}: hostPort`)
  }
  return out
}

/** The environment schema of each platform container. */
const ENV: Record<string, z.ZodObject> = {
  'chat-api': chatApiEnv,
  secrets: secretsEnv as unknown as z.ZodObject,
  ingress: ingressEnv,
  dispatcher: dispatcherEnv,
  operator: operatorEnv,
}

describe('the Helm chart', () => {
  let byValues: Record<string, Obj[]>

  beforeAll(async () => {
    helm = await ensureHelm()
    byValues = {
      default: await render(),
      production: await render('-f', join(CHART, 'values-production.yaml')),
    }
  })

  it('passes helm lint with the default and the production values', async () => {
    for (const extra of [[], ['-f', join(CHART, 'values-production.yaml')]]) {
      const { stdout } = await run(helm, ['lint', '--strict', CHART, ...extra])
      expect(stdout).toContain('0 chart(s) failed')
    }
  })

  it('refuses values that would not work, naming them', async () => {
    const err = await render('--set', 'nats.inChart.enabled=false').catch((e: Error) => e)
    expect(String(err)).toMatch(/nats\.url/)
    const typo = await render('--set', 'dispatcher.concurency=4').catch((e: Error) => e)
    expect(String(typo)).toMatch(/concurency/)
  })

  it('renders only objects that validate with kubernetes-models', async () => {
    for (const [values, objs] of Object.entries(byValues)) {
      expect(objs.length, values).toBeGreaterThan(20)
      for (const o of objs) {
        await expect(validateObject(o), `${values}: ${o.kind} ${o.metadata.name}`).resolves.toBeUndefined()
      }
    }
  })

  it('has Deployments with probes, resources and PDBs for every service, and HPAs for ingress and dispatcher', () => {
    for (const objs of Object.values(byValues)) {
      const deployments = objs.filter((o) => o.kind === 'Deployment')
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
        ['chat-api', 'dispatcher', 'ingress', 'operator', 'secrets'].map((c) => `sb-switchboard-${c}`),
      )
      for (const d of deployments) {
        for (const c of podOf(d).containers as (Container &
          Record<string, { httpGet?: { path: string } }>)[]) {
          expect(c.livenessProbe?.httpGet?.path, d.metadata.name).toBe('/healthz')
          expect(c.readinessProbe?.httpGet?.path, d.metadata.name).toBe('/readyz')
          expect(c.resources, d.metadata.name).toMatchObject({ requests: {}, limits: {} })
        }
      }
      expect(objs.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(5)
      expect(
        objs
          .filter((o) => o.kind === 'HorizontalPodAutoscaler')
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(['sb-switchboard-dispatcher', 'sb-switchboard-ingress'])
      expect(
        objs
          .filter((o) => o.kind === 'CustomResourceDefinition')
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(['bots.switchboard.dev', 'installations.switchboard.dev', 'integrations.switchboard.dev'])
    }
  })

  it('runs every workload under the restricted pod security profile', () => {
    for (const [values, objs] of Object.entries(byValues)) {
      expect(workloads(objs).length).toBeGreaterThanOrEqual(5)
      for (const w of workloads(objs)) {
        expect(restrictedViolations(podOf(w)), `${values}: ${w.kind} ${w.metadata.name}`).toEqual([])
        expect(podOf(w).containers.every((c) => c.securityContext?.readOnlyRootFilesystem)).toBe(true)
      }
    }
  })

  it('grants RBAC without wildcards, and API tokens only to the operator and the dispatcher', () => {
    for (const objs of Object.values(byValues)) {
      const roles = objs.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
      expect(roles.length).toBeGreaterThan(0)
      for (const r of roles) {
        for (const rule of r.rules ?? []) {
          for (const field of [rule.verbs, rule.resources, rule.apiGroups, rule.resourceNames]) {
            expect(field ?? [], `${r.kind} ${r.metadata.name}`).not.toContain('*')
          }
          expect(rule.verbs).not.toEqual(expect.arrayContaining(['escalate']))
          expect(rule.verbs).not.toEqual(expect.arrayContaining(['bind']))
          expect(rule.verbs).not.toEqual(expect.arrayContaining(['impersonate']))
        }
      }
      const withToken = workloads(objs)
        .filter(
          (w) =>
            (podOf(w) as { automountServiceAccountToken?: boolean }).automountServiceAccountToken !== false,
        )
        .map((w) => w.metadata.name)
        .sort()
      expect(withToken).toEqual(['sb-switchboard-dispatcher', 'sb-switchboard-operator'])
    }
  })

  it("gives each workload only its own identities' tokens", () => {
    const want: Record<string, string[]> = {
      // chat-api writes installations' configurations to secrets (ApplyInstallation).
      'chat-api': ['ADMIN_TOKEN', 'DISPATCHER_TOKEN', 'SECRETS_ADMIN_TOKEN', 'WEBHOOK_RESOLVER_TOKEN'],
      ingress: ['WEBHOOK_RESOLVER_TOKEN'],
      dispatcher: ['DISPATCHER_TOKEN', 'SECRETS_READER_TOKEN'],
      secrets: ['SECRETS_ADMIN_TOKEN', 'SECRETS_READER_TOKEN'],
      operator: ['ADMIN_TOKEN', 'SECRETS_ADMIN_TOKEN'],
    }
    for (const objs of Object.values(byValues)) {
      for (const d of objs.filter((o) => o.kind === 'Deployment')) {
        const component = d.metadata.name.replace('sb-switchboard-', '')
        const env = podOf(d).containers[0]!.env ?? []
        const tokens = env.filter((e) => /TOKEN$/.test(e.name))
        expect(tokens.map((e) => e.name).sort(), component).toEqual(want[component])
        // From a Secret, never inline; generated ones are one Secret per identity.
        for (const t of tokens) expect(t.valueFrom, `${component} ${t.name}`).toBeDefined()
      }
    }
    const ingress = byValues.default!.find(
      (o) => o.metadata.name === 'sb-switchboard-ingress' && o.kind === 'Deployment',
    )!
    expect(JSON.stringify(podOf(ingress))).not.toContain('admin-token')
  })

  it('sets exactly the environment each service reads, and every variable it requires', () => {
    for (const objs of Object.values(byValues)) {
      for (const d of objs.filter((o) => o.kind === 'Deployment')) {
        const component = d.metadata.name.replace('sb-switchboard-', '')
        const schema = ENV[component]!
        const names = (podOf(d).containers[0]!.env ?? []).map((e) => e.name)
        const known = new Set(Object.keys(schema.shape))
        expect(
          names.filter((n) => !known.has(n)),
          component,
        ).toEqual([])
        const required = Object.entries(schema.shape)
          .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
          .map(([k]) => k)
          .filter((k) => !(component === 'secrets' && k === 'SWITCHBOARD_MASTER_KEY'))
        expect(
          required.filter((k) => !names.includes(k)),
          component,
        ).toEqual([])
      }
    }
  })

  it('keeps the generated master key and tokens across upgrades, and never generates them when given', () => {
    const secrets = byValues.default!.filter((o) => o.kind === 'Secret')
    const key = secrets.find((s) => s.metadata.name === 'sb-switchboard-master-key')!
    expect(key.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep')
    expect(Buffer.from((key.data as Record<string, string>)['master-key']!, 'base64')).toHaveLength(44) // base64 of 32 bytes
    for (const identity of ['admin', 'webhook-resolver', 'dispatcher', 'secrets-reader', 'secrets-admin']) {
      const token = secrets.find((s) => s.metadata.name === `sb-switchboard-${identity}-token`)
      expect(Object.keys((token?.data ?? {}) as object), identity).toEqual(['token'])
    }
    expect(byValues.production!.filter((o) => o.kind === 'Secret')).toEqual([])
    const secretsPod = podOf(
      byValues.production!.find(
        (o) => o.kind === 'Deployment' && o.metadata.name === 'sb-switchboard-secrets',
      )!,
    )
    expect(secretsPod.volumes).toContainEqual(
      expect.objectContaining({ secret: expect.objectContaining({ secretName: 'switchboard-master-key' }) }),
    )
  })
})
