import { readFile } from 'node:fs/promises'
import { request } from 'node:https'
import { UnavailableError } from '@switchboard/errors'
import { SANDBOX_ANNOTATIONS, SANDBOX_LABELS } from './names.js'

/** Where one sandbox answers, and the limits the operator published for it. */
export interface SandboxEndpoint {
  /** Base URL of the runner, e.g. `http://sb-intg-01j….team-a.svc:8080`. */
  url: string
  timeoutMs?: number
  /** Calls in flight across all of the sandbox's pods at most. */
  concurrency?: number
}

/** Finds the sandbox of a key (an integration or bot version id). */
export interface SandboxDirectory {
  find(key: string): Promise<SandboxEndpoint | undefined>
  /** Forgets what was found for `key` (its Service moved or went away). */
  forget(key: string): void
}

/** A Service as far as the directory reads it. */
export interface ServiceSummary {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> }
  spec?: { ports?: { name?: string; port: number }[] }
}

/** Lists Services (in every namespace the caller may read) matching a label selector. */
export type ServiceLister = (labelSelector: string) => Promise<ServiceSummary[]>

/** A directory with fixed answers: local setups and tests. */
export function staticDirectory(endpoints: Record<string, SandboxEndpoint>): SandboxDirectory {
  return { find: async (key) => endpoints[key], forget: () => undefined }
}

/**
 * Finds a sandbox's Service by its `switchboard.dev/sandbox-key` label (sandboxes live in the namespace
 * of their Integration, so the dispatcher cannot guess it), and keeps what it found for `ttlMs`. The
 * URL is the Service's cluster DNS name; its annotations carry the timeout and concurrency.
 */
export class ServiceDirectory implements SandboxDirectory {
  private readonly cache = new Map<string, { at: number; endpoint: Promise<SandboxEndpoint | undefined> }>()

  constructor(
    private readonly list: ServiceLister,
    private readonly options: { ttlMs?: number; clusterDomain?: string } = {},
  ) {}

  find(key: string): Promise<SandboxEndpoint | undefined> {
    const ttl = this.options.ttlMs ?? 30_000
    const hit = this.cache.get(key)
    if (hit && Date.now() - hit.at < ttl) return hit.endpoint
    const endpoint = this.lookup(key)
    this.cache.set(key, { at: Date.now(), endpoint })
    // A failed or empty lookup is not kept: the next call asks again.
    endpoint.then(
      (e) => e || this.cache.delete(key),
      () => this.cache.delete(key),
    )
    return endpoint
  }

  forget(key: string): void {
    this.cache.delete(key)
  }

  private async lookup(key: string): Promise<SandboxEndpoint | undefined> {
    const services = await this.list(`${SANDBOX_LABELS.key}=${key}`)
    const svc = services[0]
    if (!svc) return undefined
    const port = svc.spec?.ports?.find((p) => p.name === 'http')?.port ?? svc.spec?.ports?.[0]?.port
    const domain = this.options.clusterDomain ?? 'svc'
    const a = svc.metadata.annotations ?? {}
    const num = (v: string | undefined) => (v && Number.isFinite(Number(v)) ? Number(v) : undefined)
    const perPod = num(a[SANDBOX_ANNOTATIONS.concurrency])
    const replicas = num(a[SANDBOX_ANNOTATIONS.replicas]) ?? 1
    return {
      url: `http://${svc.metadata.name}.${svc.metadata.namespace}.${domain}:${port}`,
      timeoutMs: num(a[SANDBOX_ANNOTATIONS.timeoutMs]),
      concurrency: perPod === undefined ? undefined : perPod * Math.max(1, replicas),
    }
  }
}

/** How to reach the API server from inside a pod. */
export interface InClusterOptions {
  /** `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` of the pod. */
  host: string
  port: string | number
  /** The mounted service account (default /var/run/secrets/kubernetes.io/serviceaccount). */
  serviceAccountDir?: string
}

/**
 * Lists Services across namespaces with the pod's service account (`GET /api/v1/services`), which
 * needs only `list` on services. Node built-ins only, so the dispatcher does not carry a Kubernetes
 * client for one read.
 */
export function inClusterServiceLister(o: InClusterOptions): ServiceLister {
  const dir = o.serviceAccountDir ?? '/var/run/secrets/kubernetes.io/serviceaccount'
  return async (labelSelector) => {
    // Read each time: the kubelet rotates the token file.
    const [token, ca] = await Promise.all([readFile(`${dir}/token`, 'utf8'), readFile(`${dir}/ca.crt`)])
    const path = `/api/v1/services?labelSelector=${encodeURIComponent(labelSelector)}`
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: o.host,
          port: o.port,
          path,
          ca,
          headers: { authorization: `Bearer ${token.trim()}` },
          timeout: 10_000,
        },
        (res) => {
          let data = ''
          res.setEncoding('utf8')
          res.on('data', (c: string) => (data += c))
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(data)
              : reject(
                  new UnavailableError(
                    `listing sandbox services: HTTP ${res.statusCode}: ${data.slice(0, 200)}`,
                  ),
                ),
          )
        },
      )
      req.on('timeout', () => req.destroy(new Error('timed out')))
      req.on('error', (err) =>
        reject(new UnavailableError(`listing sandbox services: ${err.message}`, { cause: err })),
      )
      req.end()
    })
    return (JSON.parse(body) as { items: ServiceSummary[] }).items
  }
}
