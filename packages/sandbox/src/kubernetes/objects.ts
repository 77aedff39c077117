import { SANDBOX_ANNOTATIONS, SANDBOX_LABELS, SANDBOX_PORT, sandboxName } from './names.js'

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: {
    name: string
    namespace?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    ownerReferences?: {
      apiVersion: string
      kind: string
      name: string
      uid: string
      controller?: boolean
      blockOwnerDeletion?: boolean
    }[]
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** Where the runner gets the bundle inside the pod; the sha256 is always checked before it loads. */
export type SandboxBundle =
  /** An image built FROM the runner image with the bundle at /bundle/bundle.cjs. */
  | { image: string; sha256: string }
  /** A ConfigMap key holding the gzip'd bundle (sha256 of the gzip'd bytes). */
  | { configMap: { name: string; key: string }; sha256: string }
  /** A URL the runner downloads the bundle from (sha256 of the bytes served). */
  | { url: string; sha256: string }

/** Everything that decides a sandbox's objects. */
export interface SandboxObjectsOptions {
  /** The sandbox key: the integration (or bot) version's id. */
  key: string
  namespace: string
  /** The resource the sandbox belongs to: its owner reference, so deleting it also collects them. */
  owner: { apiVersion: string; kind: string; name: string; uid: string }
  bundle: SandboxBundle
  /** The runner image (the image bundles are built from it). */
  runnerImage: string
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never'
  /** Plain environment of the handler: BP_API_URL, BP_INTEGRATION_ID… (never secrets). */
  env: Record<string, string>
  /** BP_TOKEN comes from this Secret key (a token the operator minted for the sandbox). */
  token?: { secretName: string; key: string }
  /** A Secret in the namespace whose keys become SECRET_<KEY> (referenced, never copied). */
  secretsFrom?: string
  /** Changes when that Secret changes, so the pods restart with its new values. */
  secretsVersion?: string
  replicas?: number
  /** Memory limit in MiB (default 256); the heap is capped at three quarters of it. */
  memoryMb?: number
  /** CPU request and limit (defaults 50m and 1). */
  cpu?: { request: string; limit: string }
  runtimeClassName?: string
  /** Per-call deadline and per-pod concurrency, published on the Service for the driver. */
  timeoutMs?: number
  concurrency?: number
  /** Where the dispatcher runs: the only pods the NetworkPolicy admits. */
  dispatcher: { namespace: string; podLabels: Record<string, string> }
  /** Extra labels on every object (e.g. the chart's release). */
  labels?: Record<string, string>
}

/** The three objects of one sandbox. */
export interface SandboxObjects {
  deployment: KubeObject
  service: KubeObject
  networkPolicy: KubeObject
}

/** Where the runner lives in the runner image. */
export const RUNNER_PATH = '/app/runner.cjs'
/** Where an image bundle sits in its image, and where a ConfigMap bundle is mounted. */
export const BUNDLE_DIR = '/bundle'
/** The cloud metadata addresses (IPv4, and AWS's IPv6) a sandbox may never reach. */
export const METADATA_CIDRS = { v4: '169.254.169.254/32', v6: 'fd00:ec2::254/128' }
/** The uid and gid sandbox pods run as (the runner image's non-root user). */
export const SANDBOX_UID = 65532

/**
 * The Deployment, Service and NetworkPolicy of one sandbox (ARCHITECTURE.md §6): restricted pod
 * security (non-root, read-only root filesystem, no capabilities, seccomp RuntimeDefault, no privilege
 * escalation), no service account token or service links, resource limits, an optional runtime class,
 * the runner under Node's permission model, and a NetworkPolicy admitting only the dispatcher and
 * keeping the pods away from the cloud metadata address.
 */
export function sandboxObjects(o: SandboxObjectsOptions): SandboxObjects {
  const name = sandboxName(o.key)
  const selector = { [SANDBOX_LABELS.key]: o.key }
  const labels = {
    ...o.labels,
    [SANDBOX_LABELS.name]: 'switchboard-sandbox',
    [SANDBOX_LABELS.component]: 'sandbox',
    [SANDBOX_LABELS.partOf]: 'switchboard',
    [SANDBOX_LABELS.managedBy]: 'switchboard-operator',
    [SANDBOX_LABELS.ownerUid]: o.owner.uid,
    ...selector,
  }
  const metadata = (annotations?: Record<string, string>): KubeObject['metadata'] => ({
    name,
    namespace: o.namespace,
    labels,
    ...(annotations && { annotations }),
    ownerReferences: [{ ...o.owner, controller: true, blockOwnerDeletion: true }],
  })
  const memoryMb = o.memoryMb ?? 256
  const heapMb = Math.max(16, Math.floor(memoryMb * 0.75))

  const env: { name: string; value?: string; valueFrom?: unknown }[] = [
    ...Object.entries(o.env).map(([k, value]) => ({ name: k, value })),
    ...(o.token
      ? [{ name: 'BP_TOKEN', valueFrom: { secretKeyRef: { name: o.token.secretName, key: o.token.key } } }]
      : []),
    { name: 'SB_BUNDLE_SHA256', value: o.bundle.sha256 },
    { name: 'SB_RUNNER_HOST', value: '0.0.0.0' },
    { name: 'SB_RUNNER_PORT', value: String(SANDBOX_PORT) },
    { name: 'SB_WORK_DIR', value: '/tmp' },
  ]
  const volumes: unknown[] = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]
  const mounts: unknown[] = [{ name: 'tmp', mountPath: '/tmp' }]
  let image = o.runnerImage
  if ('image' in o.bundle) {
    image = o.bundle.image
    env.push({ name: 'SB_BUNDLE_PATH', value: `${BUNDLE_DIR}/bundle.cjs` })
  } else if ('configMap' in o.bundle) {
    env.push({ name: 'SB_BUNDLE_PATH', value: `${BUNDLE_DIR}/bundle.cjs.gz` })
    volumes.push({
      name: 'bundle',
      configMap: {
        name: o.bundle.configMap.name,
        items: [{ key: o.bundle.configMap.key, path: 'bundle.cjs.gz' }],
      },
    })
    mounts.push({ name: 'bundle', mountPath: BUNDLE_DIR, readOnly: true })
  } else {
    env.push({ name: 'SB_BUNDLE_URL', value: o.bundle.url })
  }

  const probe = (periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path: '/health', port: 'http' },
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold,
  })
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata({ [SANDBOX_ANNOTATIONS.bundleSha256]: o.bundle.sha256 }),
    spec: {
      replicas: o.replicas ?? 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels,
          annotations: { [SANDBOX_ANNOTATIONS.secretsVersion]: o.secretsVersion ?? '' },
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...(o.runtimeClassName && { runtimeClassName: o.runtimeClassName }),
          terminationGracePeriodSeconds: 10,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: SANDBOX_UID,
            runAsGroup: SANDBOX_UID,
            fsGroup: SANDBOX_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'runner',
              image,
              imagePullPolicy: o.imagePullPolicy ?? 'IfNotPresent',
              command: ['node'],
              args: runnerArgs(heapMb),
              env,
              ...(o.secretsFrom && { envFrom: [{ prefix: 'SECRET_', secretRef: { name: o.secretsFrom } }] }),
              ports: [{ name: 'http', containerPort: SANDBOX_PORT, protocol: 'TCP' }],
              startupProbe: probe(2, 60),
              readinessProbe: probe(5, 2),
              livenessProbe: probe(10, 3),
              resources: {
                requests: { cpu: o.cpu?.request ?? '50m', memory: `${memoryMb}Mi` },
                limits: { cpu: o.cpu?.limit ?? '1', memory: `${memoryMb}Mi` },
              },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  }

  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata({
      ...(o.timeoutMs !== undefined && { [SANDBOX_ANNOTATIONS.timeoutMs]: String(o.timeoutMs) }),
      ...(o.concurrency !== undefined && { [SANDBOX_ANNOTATIONS.concurrency]: String(o.concurrency) }),
      [SANDBOX_ANNOTATIONS.replicas]: String(o.replicas ?? 1),
    }),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: SANDBOX_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  }

  const networkPolicy: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(),
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': o.dispatcher.namespace } },
              podSelector: { matchLabels: o.dispatcher.podLabels },
            },
          ],
          ports: [{ protocol: 'TCP', port: SANDBOX_PORT }],
        },
      ],
      egress: [
        {
          // Everywhere (handlers call the Runtime API and their external service) except the cloud
          // metadata address, which would hand out the node's credentials. In-cluster pods are listed
          // separately: CNIs need not apply ipBlock to pod IPs.
          to: [
            { ipBlock: { cidr: '0.0.0.0/0', except: [METADATA_CIDRS.v4] } },
            { ipBlock: { cidr: '::/0', except: [METADATA_CIDRS.v6] } },
            { namespaceSelector: {} },
          ],
        },
      ],
    },
  }
  return { deployment, service, networkPolicy }
}

/**
 * The runner's command line in a pod: Node's permission model reading only the runner, the bundle
 * directory and its work directory (and writing only there), no addons, the heap capped.
 */
export function runnerArgs(
  heapMb: number,
  paths: { runner: string; bundleDir: string; workDir: string } = {
    runner: RUNNER_PATH,
    bundleDir: BUNDLE_DIR,
    workDir: '/tmp',
  },
): string[] {
  return [
    '--experimental-permission',
    `--allow-fs-read=${paths.runner}`,
    `--allow-fs-read=${paths.bundleDir}/*`,
    `--allow-fs-read=${paths.workDir}/*`,
    `--allow-fs-write=${paths.workDir}/*`,
    '--no-addons',
    `--max-old-space-size=${heapMb}`,
    '--disable-warning=ExperimentalWarning',
    paths.runner,
  ]
}
