import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ConflictError, ForbiddenError } from '@switchboard/errors'
import { createLogger } from '@switchboard/logging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KubeEventRecorder } from '../controller/events.js'
import { Informer, type InformerEvent } from '../controller/informer.js'
import type { ReconcilerDeps } from '../deps.js'
import { InstallationReconciler } from '../installation/reconciler.js'
import { TYPES, type KubeApi, type KubeObject } from '../kube/api.js'
import { ClientNodeKube } from '../kube/client.js'
import { Sandboxes } from '../sandboxes/sandboxes.js'
import { CHART, editedChart, installChart, parseManifest, pathOf } from '../testing/cluster.js'
import { controlPlaneAvailable, startControlPlane, type ControlPlane } from '../testing/control-plane.js'
import { settings } from '../testing/fixture.js'
import { waitFor } from '@switchboard/testing'
import type { AdminClient, SecretsClient } from '@switchboard/proto'

/**
 * The chart against a real kube-apiserver + etcd with RBAC on: `helm install` creates every object it
 * renders and the CRDs are established; the operator's ServiceAccount, with one rule removed from the
 * chart, gets the API server's 403; and the client adapter meets a real write conflict and 410 Gone.
 */
const logger = createLogger({ service: 'operator', level: 'silent' })

describe.skipIf(!controlPlaneAvailable())('the chart on a real API server', () => {
  let cp: ControlPlane
  let rendered: KubeObject[]

  beforeAll(async () => {
    cp = await startControlPlane()
    rendered = await installChart(cp, { release: 'sb', namespace: 'switchboard' })
  }, 180_000)
  afterAll(async () => {
    await cp?.stop()
  })

  it('helm install: the CRDs are established and every rendered object exists', async () => {
    const crds = await Promise.all(
      (await readdir(join(CHART, 'crds'))).map(
        async (f) => parseManifest(await readFile(join(CHART, 'crds', f), 'utf8'))[0]!,
      ),
    )
    expect(crds.map((c) => c.metadata.name).sort()).toEqual([
      'bots.switchboard.dev',
      'installations.switchboard.dev',
      'integrations.switchboard.dev',
    ])
    for (const crd of crds) {
      const res = await cp.request('GET', pathOf(crd))
      expect(res.status, crd.metadata.name).toBe(200)
      const conditions = res.json<{ status: { conditions: { type: string; status: string }[] } }>().status
        .conditions
      expect(conditions.find((c) => c.type === 'Established')?.status, crd.metadata.name).toBe('True')
      expect(conditions.find((c) => c.type === 'NamesAccepted')?.status, crd.metadata.name).toBe('True')
    }

    const kinds = new Set(rendered.map((o) => o.kind))
    for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'ClusterRole', 'NetworkPolicy', 'Secret'])
      expect(kinds, kind).toContain(kind)
    const missing: string[] = []
    for (const o of rendered) {
      const obj = { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? namespaced(o) } }
      const res = await cp.request('GET', pathOf(obj))
      if (res.status !== 200) missing.push(`${o.kind} ${o.metadata.name}: ${res.status}`)
    }
    expect(missing).toEqual([])
    expect(rendered.length).toBeGreaterThan(20)
  })

  it('the CRD schema is enforced by the server: a malformed Installation is refused with 422', async () => {
    const res = await cp.request(
      'POST',
      '/apis/switchboard.dev/v1alpha1/namespaces/switchboard/installations',
      {
        apiVersion: 'switchboard.dev/v1alpha1',
        kind: 'Installation',
        metadata: { name: 'malformed' },
        spec: { botRef: { name: 'b' }, integrationRef: 'not-an-object' },
      },
    )
    expect(res.status).toBe(422)
    expect(res.body).toMatch(/spec\.integrationRef/)
  })

  it('one RBAC rule removed from the chart: the operator, with its ServiceAccount token, gets a 403', async () => {
    // The chart with the status rule of the operator's ClusterRole removed, installed as another release.
    const rule =
      /\n {2}- apiGroups: \[switchboard\.dev\]\n {4}resources: \[integrations\/status, bots\/status, installations\/status\]\n {4}verbs: \[get, update, patch\]/
    const chart = await editedChart('operator.yaml', (t) => t.replace(rule, ''))
    try {
      await installChart(cp, { release: 'restricted', namespace: 'restricted', chart })
    } finally {
      await rm(chart, { recursive: true, force: true })
    }
    const kube = new ClientNodeKube(
      cp.kubeConfig(await cp.serviceAccountToken('restricted', 'restricted-switchboard-operator')),
    )
    await cp.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-r' },
    })
    const inst = await new ClientNodeKube(cp.kubeConfig()).create({
      ...TYPES.Installation,
      metadata: { name: 'denied', namespace: 'team-r' },
      spec: { botRef: { name: 'nobody' }, integrationRef: { name: 'nothing' } },
    })
    // The reconciler reads and adds its finalizer (allowed), then writes the status (no longer allowed).
    const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not called')) })
    const deps: ReconcilerDeps = {
      kube,
      admin: unused as AdminClient,
      secrets: unused as SecretsClient,
      events: new KubeEventRecorder(kube, logger, 'test'),
      sandboxes: new Sandboxes(kube, unused as AdminClient, settings, logger),
      settings,
      logger,
    }
    const reconciler = new InstallationReconciler(deps)
    const key = `team-r/${inst.metadata.name}`
    expect(await reconciler.reconcile(key)).toEqual({ requeueAfterMs: 0 }) // the finalizer
    const err = await reconciler.reconcile(key).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ForbiddenError)
    expect((err as Error).message).toMatch(/403/)
    expect((err as Error).message).toMatch(
      /system:serviceaccount:restricted:restricted-switchboard-operator.*cannot update resource "installations\/status"/,
    )

    // The chart as shipped grants it: the same pass with the chart's own operator token succeeds.
    const allowed = new ClientNodeKube(
      cp.kubeConfig(await cp.serviceAccountToken('switchboard', 'sb-switchboard-operator')),
    )
    await new InstallationReconciler({
      ...deps,
      kube: allowed,
      events: new KubeEventRecorder(allowed, logger, 't'),
    }).reconcile(key)
    const after = await allowed.get<KubeObject>({
      ...TYPES.Installation,
      namespace: 'team-r',
      name: 'denied',
    })
    expect(JSON.stringify(after?.status)).toMatch(/WaitingForBot/)
  }, 120_000)

  it('ClientNodeKube: a stale write is a ConflictError, and an informer survives a 410 Gone', async () => {
    const kube = new ClientNodeKube(cp.kubeConfig())
    await cp.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-c' },
    })
    const cm = await kube.create<KubeObject>({
      ...TYPES.ConfigMap,
      metadata: { name: 'c', namespace: 'team-c' },
      data: { a: '1' },
    })
    await kube.update({ ...cm, data: { a: '2' } })
    await expect(kube.update({ ...cm, data: { a: '3' } })).rejects.toBeInstanceOf(ConflictError)

    // A restarted API server's watch cache starts at the current revision. The first list hands the
    // informer a resourceVersion from before that: the server answers the watch with 410 Gone
    // ("too old resource version"), and the informer lists again and keeps watching.
    await cp.restartApiServer()
    let lists = 0
    const stale: KubeApi = Object.assign(Object.create(kube) as KubeApi, {
      list: async (...args: Parameters<KubeApi['list']>) => {
        const r = await kube.list(...args)
        return ++lists === 1 ? { ...r, resourceVersion: '1' } : r
      },
    })
    const seen: string[] = []
    const informer = new Informer(
      stale,
      TYPES.ConfigMap,
      { namespace: 'team-c', resyncMs: 0 },
      (e: InformerEvent, o) => seen.push(`${e} ${o.metadata.name}`),
      logger,
    )
    await informer.start()
    try {
      await waitFor('the informer to list again after 410 Gone', () => lists >= 2, 60_000)
      await kube.create({ ...TYPES.ConfigMap, metadata: { name: 'after-gone', namespace: 'team-c' } })
      await waitFor('the change after the 410', () => seen.includes('ADDED after-gone'), 60_000)
    } finally {
      await informer.stop()
    }
  }, 120_000)
})

/** Namespaced objects in the chart without a namespace in their metadata (none expected: helm sets it). */
function namespaced(o: KubeObject): string | undefined {
  const clusterScoped = ['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Namespace']
  return clusterScoped.includes(o.kind) ? undefined : 'switchboard'
}
