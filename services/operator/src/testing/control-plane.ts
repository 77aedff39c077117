/**
 * A real Kubernetes control plane for tests: etcd and kube-apiserver, built from their Go modules by
 * `test/control-plane/build.sh` into a per-machine cache, started here on free ports with RBAC
 * authorization on and a service-account signing key (so the TokenRequest API issues real
 * ServiceAccount tokens), as controller-runtime's envtest does. There is no controller-manager,
 * scheduler or kubelet: Deployments get no ReplicaSets, pods never run, namespaces never finish
 * deleting and nothing is garbage-collected. Tests check what the API server itself checks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { request as httpsRequest } from 'node:https'
import { KubeConfig } from '@kubernetes/client-node'
import { freePort } from '@switchboard/testing'
import { REPO_ROOT } from '../chart/helm.js'

/** The recipe: go.mod, build.sh and versions.sh (the one place the versions are written). */
export const RECIPE_DIR = join(REPO_ROOT, 'test/control-plane')

/** A `NAME=value` line of versions.sh. */
function version(name: string): string {
  const text = readFileSync(join(RECIPE_DIR, 'versions.sh'), 'utf8')
  const m = new RegExp(`^${name}=(\\S+)$`, 'm').exec(text)
  if (!m) throw new Error(`${name} is not set in ${join(RECIPE_DIR, 'versions.sh')}`)
  return m[1]!
}

/** Versions of the control plane, from versions.sh. */
export const KUBERNETES_VERSION = version('KUBERNETES_VERSION')
export const ETCD_VERSION = version('ETCD_VERSION')

/** Where build.sh puts the binaries (the same rule as versions.sh's `control_plane_dir`). */
export function controlPlaneDir(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.SWITCHBOARD_CONTROL_PLANE_CACHE ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'switchboard', 'control-plane')
  return join(root, `kubernetes-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}`)
}

/** The build script, for messages. */
export const BUILD_SCRIPT = join(RECIPE_DIR, 'build.sh')

/**
 * Whether the binaries are there. When they are not: under CI it throws (a missing control plane is a
 * failure there), elsewhere it prints a loud notice and the caller skips its tests.
 */
export function controlPlaneAvailable(): boolean {
  const dir = controlPlaneDir()
  if (existsSync(join(dir, 'kube-apiserver')) && existsSync(join(dir, 'etcd'))) return true
  const message = `no control plane in ${dir}: run \`bash ${BUILD_SCRIPT}\` (it builds kube-apiserver and etcd from their Go modules)`
  if (process.env.CI) throw new Error(`CI is set and ${message}`)
  process.stderr.write(`\n*** SKIPPING the tests against a real Kubernetes API server: ${message} ***\n\n`)
  return false
}

/** An answer of the API server. */
export interface ApiResponse {
  status: number
  body: string
  json<T>(): T
}

/** A request to `url` with a bearer token; the server's self-signed certificate is trusted (tests only). */
export function apiRequest(
  url: string,
  token: string,
  method: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = httpsRequest(
      url,
      {
        method,
        rejectUnauthorized: false,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload !== undefined && { 'content-type': contentType }),
        },
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** A running etcd + kube-apiserver. */
export interface ControlPlane {
  /** `https://127.0.0.1:<port>`. */
  url: string
  /** A static token in `system:masters` (cluster admin). */
  adminToken: string
  /** A kubeconfig file for helm and kubectl, as the admin. */
  kubeconfigPath: string
  /** A client configuration acting with `token` (default: the admin's). */
  kubeConfig(token?: string): KubeConfig
  /** A ServiceAccount token from the TokenRequest API. */
  serviceAccountToken(namespace: string, name: string): Promise<string>
  /** A request to the API server as the admin (JSON in and out). */
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse>
  /** Stops the API server and starts it again on the same port (etcd keeps the data). */
  restartApiServer(): Promise<void>
  stop(): Promise<void>
}

/** A child process whose output is kept (the last 64 KiB) for the error when it dies early. */
function launch(bin: string, args: string[], name: string): { child: ChildProcess; output: () => string } {
  let out = ''
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (c: Buffer) => (out = (out + c.toString()).slice(-65_536))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  child.on('error', (err) => (out += `\n${name}: ${err.message}`))
  return { child, output: () => out }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** Polls `probe` until it answers true; fails with the process output when the process exits. */
async function until(
  what: string,
  probe: () => Promise<boolean>,
  proc: { child: ChildProcess; output: () => string },
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (proc.child.exitCode !== null)
      throw new Error(`${what} exited with ${proc.child.exitCode}:\n${proc.output()}`)
    if (await probe().catch(() => false)) return
    if (Date.now() > deadline)
      throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${proc.output()}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Starts etcd and kube-apiserver from the cache (see `controlPlaneAvailable`). */
export async function startControlPlane(): Promise<ControlPlane> {
  const dir = controlPlaneDir()
  const work = await mkdtemp(join(tmpdir(), 'sb-control-plane-'))
  const [etcdPort, peerPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()])

  const etcd = launch(
    join(dir, 'etcd'),
    [
      `--data-dir=${join(work, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    'etcd',
  )
  await until('etcd', async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok, etcd)

  const adminToken = randomBytes(24).toString('hex')
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await Promise.all([
    writeFile(join(work, 'tokens.csv'), `${adminToken},switchboard-test-admin,1,"system:masters"\n`),
    writeFile(join(work, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' })),
    writeFile(join(work, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' })),
  ])
  const url = `https://127.0.0.1:${apiPort}`
  const apiArgs = [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--cert-dir=${join(work, 'certs')}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    `--token-auth-file=${join(work, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    `--service-account-key-file=${join(work, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(work, 'sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--api-audiences=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.96.0.0/24',
    '--allow-privileged=true',
    '--disable-admission-plugins=ServiceAccount',
    '--watch-cache=true',
    '--v=0',
  ]
  const request = (method: string, path: string, body?: unknown, contentType?: string) =>
    apiRequest(`${url}${path}`, adminToken, method, body, contentType)
  let api = launch(join(dir, 'kube-apiserver'), apiArgs, 'kube-apiserver')
  const ready = () =>
    until('kube-apiserver', async () => (await request('GET', '/readyz')).status === 200, api)
  await ready()

  const kubeconfigPath = join(work, 'kubeconfig')
  const kubeConfig = (token = adminToken) => {
    const kc = new KubeConfig()
    kc.loadFromOptions({
      clusters: [{ name: 'test', server: url, skipTLSVerify: true }],
      users: [{ name: 'user', token }],
      contexts: [{ name: 'test', cluster: 'test', user: 'user' }],
      currentContext: 'test',
    })
    return kc
  }
  await writeFile(kubeconfigPath, kubeConfig().exportConfig(), { mode: 0o600 })

  return {
    url,
    adminToken,
    kubeconfigPath,
    kubeConfig,
    request,
    async serviceAccountToken(namespace, name) {
      const res = await request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      })
      if (res.status !== 201)
        throw new Error(`TokenRequest for ${namespace}/${name}: ${res.status} ${res.body}`)
      return res.json<{ status: { token: string } }>().status.token
    },
    async restartApiServer() {
      await stopChild(api.child)
      api = launch(join(dir, 'kube-apiserver'), apiArgs, 'kube-apiserver')
      await ready()
    },
    async stop() {
      await stopChild(api.child)
      await stopChild(etcd.child)
      await rm(work, { recursive: true, force: true })
    },
  }
}
