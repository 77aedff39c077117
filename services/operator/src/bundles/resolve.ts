import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import type { BundleSource } from '@switchboard/resources'
import type { SandboxBundle } from '@switchboard/sandbox'
import { TYPES, type KubeApi, type KubeObject } from '../kube/api.js'
import { REQUEUE } from '../deps.js'

/** Why a bundle could not be had; `retryable` problems are tried again with backoff. */
export class BundleProblem extends Error {
  constructor(
    readonly reason: 'BundleNotFound' | 'InvalidBundle' | 'BundleUnavailable' | 'UnsupportedBundle',
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'BundleProblem'
  }

  /** When to look again: soon enough when it may appear by itself, rarely when only a fix helps. */
  get requeueAfterMs(): number {
    return this.retryable ? REQUEUE.later : REQUEUE.stuck
  }
}

/** A bundle ready to register and to run. */
export interface ResolvedBundle {
  /** The CommonJS bundle for chat-api (absent for image bundles: the operator cannot read images). */
  cjs?: Buffer
  /** What the sandbox's runner loads, with the sha256 it checks. */
  sandbox: SandboxBundle
}

/** Options of `resolveBundle`. */
export interface ResolveOptions {
  /** Largest bundle accepted, in bytes (compressed and uncompressed). */
  maxBytes: number
  fetch?: typeof fetch
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const isGzip = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b

function unzip(bytes: Buffer, maxBytes: number, what: string): Buffer {
  if (!isGzip(bytes)) return bytes
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes })
  } catch (err) {
    throw new BundleProblem(
      'InvalidBundle',
      `${what} is not a valid gzip’d bundle: ${(err as Error).message}`,
      false,
    )
  }
}

/** The resourceVersion of the ConfigMap a bundle comes from ('' for other sources): part of a revision. */
export async function bundleInputVersion(
  kube: KubeApi,
  namespace: string,
  source: BundleSource,
): Promise<string> {
  if (!source.configMapRef) return ''
  const cm = await kube.get({ ...TYPES.ConfigMap, namespace, name: source.configMapRef.name })
  return cm?.metadata.resourceVersion ?? 'missing'
}

/**
 * Reads a bundle from where the spec says: a ConfigMap key (gzip’d CommonJS, in binaryData or data), a
 * URL whose bytes must match `sha256`, or an image (nothing to read: the runner checks it in the pod).
 * `path` is for local mode only.
 */
export async function resolveBundle(
  kube: KubeApi,
  namespace: string,
  source: BundleSource,
  o: ResolveOptions,
): Promise<ResolvedBundle> {
  if (source.image) return { sandbox: { image: source.image, sha256: source.sha256 ?? '' } }
  if (source.path) {
    throw new BundleProblem(
      'UnsupportedBundle',
      'bundle.path works only with `switchboard apply` in local mode',
      false,
    )
  }
  if (source.configMapRef) {
    const { name, key } = source.configMapRef
    const cm = await kube.get<
      KubeObject & { binaryData?: Record<string, string>; data?: Record<string, string> }
    >({
      ...TYPES.ConfigMap,
      namespace,
      name,
    })
    if (!cm) throw new BundleProblem('BundleNotFound', `ConfigMap ${name} not found`, true)
    const stored =
      cm.binaryData?.[key] !== undefined
        ? Buffer.from(cm.binaryData[key]!, 'base64')
        : cm.data?.[key] !== undefined
          ? Buffer.from(cm.data[key]!, 'utf8')
          : undefined
    if (!stored) throw new BundleProblem('BundleNotFound', `ConfigMap ${name} has no key ${key}`, true)
    const digest = sha256(stored)
    if (source.sha256 && source.sha256 !== digest) {
      throw new BundleProblem(
        'InvalidBundle',
        `ConfigMap ${name} key ${key}: sha256 is ${digest}, expected ${source.sha256}`,
        false,
      )
    }
    return {
      cjs: unzip(stored, o.maxBytes, `ConfigMap ${name} key ${key}`),
      sandbox: { configMap: { name, key }, sha256: digest },
    }
  }
  if (source.url) {
    const url = source.url
    let bytes: Buffer
    try {
      const res = await (o.fetch ?? fetch)(url, { redirect: 'follow', signal: AbortSignal.timeout(60_000) })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      const length = Number(res.headers.get('content-length') ?? 0)
      if (length > o.maxBytes)
        throw new BundleProblem('InvalidBundle', `${url} is over ${o.maxBytes} bytes`, false)
      bytes = Buffer.from(await res.arrayBuffer())
    } catch (err) {
      if (err instanceof BundleProblem) throw err
      throw new BundleProblem('BundleUnavailable', `cannot download ${url}: ${(err as Error).message}`, true)
    }
    if (bytes.length > o.maxBytes)
      throw new BundleProblem('InvalidBundle', `${url} is over ${o.maxBytes} bytes`, false)
    const digest = sha256(bytes)
    if (digest !== source.sha256) {
      throw new BundleProblem(
        'InvalidBundle',
        `${url}: sha256 is ${digest}, expected ${source.sha256}`,
        false,
      )
    }
    return { cjs: unzip(bytes, o.maxBytes, url), sandbox: { url, sha256: digest } }
  }
  throw new BundleProblem('InvalidBundle', 'bundle: set one of image, configMapRef, url or path', false)
}

/**
 * What the sandbox's runner loads, without downloading anything: the ConfigMap's bytes are hashed
 * (the runner checks the same sha256), a URL or image carries the sha256 of the spec.
 */
export async function sandboxBundleOf(
  kube: KubeApi,
  namespace: string,
  source: BundleSource,
): Promise<SandboxBundle> {
  if (source.image) return { image: source.image, sha256: source.sha256 ?? '' }
  if (source.url) return { url: source.url, sha256: source.sha256 ?? '' }
  if (source.configMapRef) {
    const { name, key } = source.configMapRef
    const cm = await kube.get<
      KubeObject & { binaryData?: Record<string, string>; data?: Record<string, string> }
    >({
      ...TYPES.ConfigMap,
      namespace,
      name,
    })
    const stored =
      cm?.binaryData?.[key] !== undefined
        ? Buffer.from(cm.binaryData[key]!, 'base64')
        : cm?.data?.[key] !== undefined
          ? Buffer.from(cm.data[key]!, 'utf8')
          : undefined
    if (!stored) throw new BundleProblem('BundleNotFound', `ConfigMap ${name} key ${key} not found`, true)
    return { configMap: { name, key }, sha256: sha256(stored) }
  }
  throw new BundleProblem(
    'UnsupportedBundle',
    'bundle.path works only with `switchboard apply` in local mode',
    false,
  )
}

/** The bundle's CommonJS bytes (empty for an image), or the problem that stopped reading them. */
export async function bundleBytes(
  kube: KubeApi,
  namespace: string,
  source: BundleSource,
  o: ResolveOptions,
): Promise<Buffer | BundleProblem> {
  try {
    return (await resolveBundle(kube, namespace, source, o)).cjs ?? Buffer.alloc(0)
  } catch (err) {
    if (err instanceof BundleProblem) return err
    throw err
  }
}
