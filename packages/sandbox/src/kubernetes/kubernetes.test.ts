import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { InvalidInputError, TimeoutError, UnavailableError } from '@switchboard/errors'
import { createLogger } from '@switchboard/logging'
import { buildRunner, parseReadyLine, RUNNER_EXIT } from '@switchboard/runner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InvokeRequest } from '../driver.js'
import { ServiceDirectory, staticDirectory } from './directory.js'
import { KubernetesSandboxDriver } from './driver.js'
import { sandboxName, SANDBOX_LABELS } from './names.js'
import { runnerArgs, sandboxObjects, type KubeObject, type SandboxObjectsOptions } from './objects.js'

const logger = createLogger({ service: 'test', level: 'silent' })
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

/** Validates an object with the kubernetes-models class of its apiVersion/kind (throws when invalid). */
async function validateModel(obj: KubeObject): Promise<void> {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion]
  const path = group ? `${group}/${version}` : version
  const mod = (await import(/* @vite-ignore */ `kubernetes-models/${path}/${obj.kind}`)) as Record<
    string,
    new (o: unknown) => { validate(): void }
  >
  new mod[obj.kind]!(obj).validate()
}

const base: SandboxObjectsOptions = {
  key: 'intg_01JABCDEFGHJKMNPQRSTVWXYZ0',
  namespace: 'team-a',
  owner: { apiVersion: 'switchboard.dev/v1alpha1', kind: 'Integration', name: 'webhook', uid: 'uid-1' },
  bundle: { configMap: { name: 'webhook-bundle', key: 'bundle.cjs.gz' }, sha256: 'a'.repeat(64) },
  runnerImage: 'ghcr.io/example/switchboard-runner:1.0.0',
  env: {
    BP_API_URL: 'http://chat-api.switchboard.svc:8081',
    BP_INTEGRATION_ID: 'intg_01JABCDEFGHJKMNPQRSTVWXYZ0',
  },
  token: { secretName: 'sb-intg-token', key: 'token' },
  secretsFrom: 'webhook-secrets',
  secretsVersion: '42',
  memoryMb: 512,
  runtimeClassName: 'gvisor',
  timeoutMs: 5000,
  concurrency: 4,
  replicas: 2,
  dispatcher: { namespace: 'switchboard', podLabels: { 'app.kubernetes.io/component': 'dispatcher' } },
}

type Pod = {
  automountServiceAccountToken: boolean
  enableServiceLinks: boolean
  runtimeClassName?: string
  securityContext: Record<string, unknown>
  containers: {
    image: string
    args: string[]
    env: { name: string; value?: string; valueFrom?: unknown }[]
    envFrom?: unknown[]
    securityContext: Record<string, unknown>
    resources: { limits: Record<string, string> }
  }[]
}
const podOf = (d: KubeObject) => (d.spec as { template: { spec: Pod } }).template.spec

describe('sandboxObjects', () => {
  it('renders a Deployment, Service and NetworkPolicy that Kubernetes accepts, for each bundle source', async () => {
    for (const bundle of [
      base.bundle,
      { url: 'https://bundles.example.com/webhook-0.1.0.cjs', sha256: 'b'.repeat(64) },
      { image: 'ghcr.io/example/webhook-bundle:0.1.0', sha256: 'c'.repeat(64) },
    ]) {
      const o = sandboxObjects({ ...base, bundle })
      for (const obj of Object.values(o)) await validateModel(obj)
      expect(o.deployment.metadata.name).toBe('sb-intg-01jabcdefghjkmnpqrstvwxyz0')
      expect(o.service.metadata.name).toBe(o.deployment.metadata.name)
    }
  })

  it('runs the pod under restricted security, without a service account token, with limits', () => {
    const pod = podOf(sandboxObjects(base).deployment)
    expect(pod.automountServiceAccountToken).toBe(false)
    expect(pod.enableServiceLinks).toBe(false)
    expect(pod.runtimeClassName).toBe('gvisor')
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    })
    const c = pod.containers[0]!
    expect(c.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    })
    expect(c.resources.limits).toEqual({ cpu: '1', memory: '512Mi' })
    expect(c.args).toContain('--max-old-space-size=384')
    expect(c.args).toContain('--experimental-permission')
  })

  it('references secrets instead of copying them', () => {
    const { deployment } = sandboxObjects(base)
    const c = podOf(deployment).containers[0]!
    expect(c.envFrom).toEqual([{ prefix: 'SECRET_', secretRef: { name: 'webhook-secrets' } }])
    expect(c.env.find((e) => e.name === 'BP_TOKEN')).toEqual({
      name: 'BP_TOKEN',
      valueFrom: { secretKeyRef: { name: 'sb-intg-token', key: 'token' } },
    })
    expect(c.env.every((e) => !e.name.startsWith('SECRET_'))).toBe(true)
  })

  it('admits only the dispatcher and blocks the cloud metadata address', () => {
    const spec = sandboxObjects(base).networkPolicy.spec as {
      policyTypes: string[]
      ingress: { from: unknown[] }[]
      egress: { to: { ipBlock?: { cidr: string; except?: string[] } }[] }[]
    }
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(spec.ingress).toHaveLength(1)
    expect(spec.ingress[0]!.from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'switchboard' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/component': 'dispatcher' } },
      },
    ])
    const v4 = spec.egress[0]!.to.find((t) => t.ipBlock?.cidr === '0.0.0.0/0')
    expect(v4?.ipBlock?.except).toEqual(['169.254.169.254/32'])
  })

  it('makes DNS-safe names of any key', () => {
    expect(sandboxName('bot_01ABC')).toBe('sb-bot-01abc')
    const long = sandboxName(`intg_${'X'.repeat(80)}`)
    expect(long.length).toBeLessThanOrEqual(63)
    expect(long).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
  })
})

describe('ServiceDirectory', () => {
  it('finds a sandbox by its key label, with its cluster URL and limits', async () => {
    const selectors: string[] = []
    const { service } = sandboxObjects(base)
    const dir = new ServiceDirectory(async (selector) => {
      selectors.push(selector)
      return [service as never]
    })
    const endpoint = await dir.find(base.key)
    expect(selectors).toEqual([`${SANDBOX_LABELS.key}=${base.key}`])
    expect(endpoint).toEqual({
      url: 'http://sb-intg-01jabcdefghjkmnpqrstvwxyz0.team-a.svc:8080',
      timeoutMs: 5000,
      concurrency: 8,
    })
    await dir.find(base.key)
    expect(selectors).toHaveLength(1) // cached
    dir.forget(base.key)
    await dir.find(base.key)
    expect(selectors).toHaveLength(2)
  })

  it('does not keep a miss', async () => {
    let calls = 0
    const dir = new ServiceDirectory(async () => (calls++, []))
    expect(await dir.find('intg_x')).toBeUndefined()
    expect(await dir.find('intg_x')).toBeUndefined()
    expect(calls).toBe(2)
  })
})

// The runner as the Deployment starts it (same env, same permission flags), its paths under a temp dir.
const BUNDLE = `
let inflight = 0, most = 0
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
exports.default = {
  async handler(req) {
    const op = req.headers['x-bp-operation']
    if (op === 'sleep') await sleep(Number(req.body))
    if (op === 'gated') {
      inflight++
      most = Math.max(most, inflight)
      await sleep(100)
      inflight--
    }
    if (op === 'most') return { body: String(most) }
    if (op === 'env') return { body: JSON.stringify({ api: process.env.BP_API_URL, secret: process.env.SECRET_TOKEN }) }
    return { status: 201, headers: { 'x-op': op }, body: JSON.stringify({ op, body: req.body }) }
  },
}
`

describe('KubernetesSandboxDriver', () => {
  let dir: string
  let runnerPath: string
  const children: ChildProcess[] = []
  let bundleServer: Server
  let bundleUrl: string

  /** Starts the runner with the container's env and args from the Deployment, paths remapped. */
  async function startPod(o: SandboxObjectsOptions, extraEnv: Record<string, string> = {}) {
    const pod = podOf(sandboxObjects(o).deployment)
    const c = pod.containers[0]!
    const work = await mkdtemp(join(dir, 'pod-'))
    const env: Record<string, string> = { ...extraEnv }
    for (const e of c.env) if (e.value !== undefined) env[e.name] = e.value
    env.SB_RUNNER_HOST = '127.0.0.1'
    env.SB_RUNNER_PORT = '0'
    env.SB_WORK_DIR = work
    if (env.SB_BUNDLE_PATH) env.SB_BUNDLE_PATH = env.SB_BUNDLE_PATH.replace('/bundle', join(dir, 'bundle'))
    const heap = c.args.find((a) => a.startsWith('--max-old-space-size='))!.split('=')[1]!
    const args = runnerArgs(Number(heap), {
      runner: runnerPath,
      bundleDir: join(dir, 'bundle'),
      workDir: work,
    })
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    return new Promise<{ url?: string; code?: number | null; stderr: string }>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        for (const line of d.toString().split('\n')) {
          const port = parseReadyLine(line)
          if (port) resolve({ url: `http://127.0.0.1:${port}`, stderr })
        }
      })
      child.on('exit', (code) => resolve({ code, stderr }))
    })
  }

  const call = (key: string, op: string, body = '{}', timeoutMs?: number): InvokeRequest => ({
    sandbox: { key, bundle: { sha256: '', load: async () => Buffer.alloc(0) }, env: {} },
    headers: { 'x-bp-operation': op, 'x-bot-id': 'bot_1' },
    body,
    ...(timeoutMs && { timeoutMs }),
  })

  const gz = gzipSync(Buffer.from(BUNDLE))
  let podUrl: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k8s-sandbox-'))
    runnerPath = join(dir, 'runner.cjs')
    await writeFile(runnerPath, await buildRunner())
    await mkdir(join(dir, 'bundle'))
    await writeFile(join(dir, 'bundle', 'bundle.cjs.gz'), gz)
    bundleServer = createServer((_req, res) => res.end(BUNDLE))
    await new Promise<void>((r) => bundleServer.listen(0, '127.0.0.1', r))
    bundleUrl = `http://127.0.0.1:${(bundleServer.address() as { port: number }).port}/bundle.cjs`
    const started = await startPod(
      { ...base, bundle: { configMap: { name: 'b', key: 'k' }, sha256: sha256(gz) } },
      { SECRET_TOKEN: 'from-the-secret' },
    )
    expect(started.stderr).toBe('')
    podUrl = started.url!
  })

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL')
    bundleServer.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('invokes a gzip’d ConfigMap bundle through the runner, as the dispatcher would', async () => {
    const driver = new KubernetesSandboxDriver({ directory: staticDirectory({ k: { url: podUrl } }), logger })
    const res = await driver.invoke(call('k', 'webhook_received', '{"req":{}}'))
    expect(res.status).toBe(201)
    expect(res.headers['x-op']).toBe('webhook_received')
    expect(JSON.parse(res.body)).toEqual({ op: 'webhook_received', body: '{"req":{}}' })
    const env = JSON.parse((await driver.invoke(call('k', 'env'))).body)
    expect(env).toEqual({ api: base.env.BP_API_URL, secret: 'from-the-secret' })
    await driver.close()
  })

  it('downloads a URL bundle and checks its sha256 before loading it', async () => {
    const ok = await startPod({ ...base, bundle: { url: bundleUrl, sha256: sha256(BUNDLE) } })
    expect(ok.url).toBeDefined()
    const driver = new KubernetesSandboxDriver({
      directory: staticDirectory({ u: { url: ok.url! } }),
      logger,
    })
    expect((await driver.invoke(call('u', 'ping'))).status).toBe(201)
    await driver.close()

    const bad = await startPod({ ...base, bundle: { url: bundleUrl, sha256: 'd'.repeat(64) } })
    expect(bad.code).toBe(RUNNER_EXIT.invalidBundle)
    expect(bad.stderr).toContain('sha256 mismatch')
  })

  it('refuses a ConfigMap bundle whose bytes do not match', async () => {
    const bad = await startPod({
      ...base,
      bundle: { configMap: { name: 'b', key: 'k' }, sha256: sha256(BUNDLE) },
    })
    expect(bad.code).toBe(RUNNER_EXIT.invalidBundle)
  })

  it('times out a slow call, takes the smaller timeout, and keeps serving', async () => {
    const driver = new KubernetesSandboxDriver({
      directory: staticDirectory({ k: { url: podUrl, timeoutMs: 200 } }),
      logger,
    })
    const err = await driver.invoke(call('k', 'sleep', '2000', 5000)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((await driver.invoke(call('k', 'ping'))).status).toBe(201)
    await driver.close()
  })

  it('keeps calls in flight within the published concurrency', async () => {
    const driver = new KubernetesSandboxDriver({
      directory: staticDirectory({ k: { url: podUrl, concurrency: 2 } }),
      logger,
    })
    await Promise.all(Array.from({ length: 6 }, () => driver.invoke(call('k', 'gated'))))
    expect(Number((await driver.invoke(call('k', 'most'))).body)).toBeLessThanOrEqual(2)
    await driver.close()
  })

  it('answers Unavailable for a missing sandbox or a refused connection, and forgets the address', async () => {
    const forgotten: string[] = []
    const directory = {
      ...staticDirectory({ gone: { url: 'http://127.0.0.1:1' } }),
      forget: (k: string) => void forgotten.push(k),
    }
    const driver = new KubernetesSandboxDriver({ directory, logger })
    await expect(driver.invoke(call('missing', 'ping'))).rejects.toBeInstanceOf(UnavailableError)
    await expect(driver.invoke(call('gone', 'ping'))).rejects.toBeInstanceOf(UnavailableError)
    expect(forgotten).toEqual(['gone'])
    await expect(
      driver.invoke({ ...call('gone', 'ping'), headers: { 'bad header': 'x' } }),
    ).rejects.toBeInstanceOf(InvalidInputError)
    await driver.close()
  })
})
