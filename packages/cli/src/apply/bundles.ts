import { createHash } from 'node:crypto'
import { access, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { BundleSource } from '@switchboard/resources'
import { buildBot, buildIntegration, type BotDefinitionJson } from '../build/build.js'
import type { IntegrationDefinitionJson } from '../build/definition.js'
import { ManifestError, problemAt, type ManifestSource } from '../manifests/load.js'

/** A bundle ready for the admin API, and the definition when it came from an integration's build. */
export interface ResolvedBundle {
  bytes: Buffer
  sha256: string
  /** Set when `path` was an integration's SDK project: what its build printed. */
  definition?: IntegrationDefinitionJson
  /** Set when `path` was a bot's SDK project with a `bot.definition.ts`: its recurring events. */
  botDefinition?: BotDefinitionJson
  /** Where it came from, for messages: a built project, a file, a URL. */
  from: string
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const unzip = (b: Buffer) => (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b)
const DOWNLOAD_TIMEOUT_MS = 60_000

/**
 * Reads the bundle of an Integration or Bot as local mode supports it: `path` (an SDK project
 * directory, built here like `switchboard build`, or a built `.cjs`, gzip'd or not) or `url` +
 * `sha256`. `image` and `configMapRef` exist only on a cluster. Problems name the field and line.
 */
export async function resolveBundle(
  kind: 'Integration' | 'Bot',
  bundle: BundleSource,
  source: ManifestSource,
  what: string,
): Promise<ResolvedBundle> {
  const fail = (field: string, message: string): never => {
    throw new ManifestError([problemAt(source, what, `spec.bundle.${field}`, message)])
  }
  if (bundle.image)
    fail(
      'image',
      'images run only on a cluster; locally use path (an SDK project or a built .cjs) or url + sha256',
    )
  if (bundle.configMapRef) {
    fail(
      'configMapRef',
      'ConfigMaps exist only on a cluster; locally use path (an SDK project or a built .cjs) or url + sha256',
    )
  }
  if (bundle.url) {
    let bytes: Buffer
    try {
      const res = await fetch(bundle.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
      if (!res.ok) fail('url', `${bundle.url} answered ${res.status}`)
      bytes = Buffer.from(await res.arrayBuffer())
    } catch (err) {
      if (err instanceof ManifestError) throw err
      return fail('url', `cannot download ${bundle.url}: ${(err as Error).message}`)
    }
    const digest = sha256(bytes)
    if (digest !== bundle.sha256)
      fail('sha256', `${bundle.url} has sha256 ${digest}, expected ${bundle.sha256}`)
    const cjs = unzip(bytes)
    return { bytes: cjs, sha256: sha256(cjs), from: bundle.url }
  }

  const path = resolve(source.dir, bundle.path ?? '')
  const info = await stat(path).catch(() => undefined)
  if (!info) return fail('path', `${path} does not exist (paths are relative to the manifest's folder)`)
  if (info.isFile()) {
    const bytes = await readFile(path)
    if (bundle.sha256 && sha256(bytes) !== bundle.sha256) {
      fail('sha256', `${path} has sha256 ${sha256(bytes)}, expected ${bundle.sha256}`)
    }
    const cjs = unzip(bytes)
    return { bytes: cjs, sha256: sha256(cjs), from: path }
  }
  try {
    if (kind === 'Integration') {
      const hasDefinition = await access(join(path, 'integration.definition.ts')).then(
        () => true,
        () => false,
      )
      if (!hasDefinition) {
        fail(
          'path',
          `${path} has no integration.definition.ts: point path at an integration's SDK project or a built .cjs`,
        )
      }
      const built = await buildIntegration(path)
      return { bytes: built.bundle, sha256: built.sha256, definition: built.definition, from: path }
    }
    const built = await buildBot(path)
    return { bytes: built.bundle, sha256: built.sha256, botDefinition: built.definition, from: path }
  } catch (err) {
    if (err instanceof ManifestError) throw err
    const first = (err as Error).message.split('\n').slice(0, 6).join('\n  ')
    return fail('path', `building ${path} failed: ${first}`)
  }
}
