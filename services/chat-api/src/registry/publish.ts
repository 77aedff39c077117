import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import type { Pool } from '@switchboard/db'
import { InvalidInputError, NotFoundError, UnavailableError } from '@switchboard/errors'
import { canonicalJson, SchemaCache } from '@switchboard/schema'
import { parseJsonObject } from './json-object.js'
import {
  getIntegration,
  putIntegration,
  type IntegrationDefinition,
  type IntegrationRecord,
} from './integrations.js'

/** Largest bundle chat-api takes or downloads (the operator's default too). */
export const BUNDLE_MAX_BYTES = 50 * 1024 * 1024
const DOWNLOAD_TIMEOUT_MS = 60_000
const schemas = new SchemaCache('definition.configuration.schema')
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** What one publish should leave. */
export interface PublishInput {
  definitionJson: string
  /** The CommonJS bundle, gzip'd or not (empty: none, or see `source`). */
  bundle?: Buffer
  /** A URL to download the bundle from, and the sha256 its bytes must have. */
  source?: { url: string; sha256: string }
  webhook: { idempotencyKey?: string; syncTimeoutMs?: number }
}

/** What `applyIntegration` did. */
export interface PublishOutcome {
  integration: IntegrationRecord
  created: boolean
  /** bundle, definition, webhook: what differed from the stored version. */
  changes: string[]
}

/** The definition, checked: an object with a name and a version, and a configuration schema that compiles. */
function parseDefinition(json: string): IntegrationDefinition & { name: string; version: string } {
  const def = parseJsonObject(json, 'definitionJson')
  const d = def as IntegrationDefinition
  if (typeof d.name !== 'string' || typeof d.version !== 'string')
    throw new InvalidInputError('definitionJson: needs a name and a version (what `bp read` prints)')
  const schema = d.configuration?.schema
  if (schema !== undefined) schemas.validatorFor(JSON.stringify(schema), schema, 'configuration')
  return d as IntegrationDefinition & { name: string; version: string }
}

/** The bundle's CommonJS bytes: as given, or downloaded and checked against its sha256; gunzipped. */
async function resolveBundle(input: PublishInput): Promise<Buffer | undefined> {
  let bytes = input.bundle?.length ? input.bundle : undefined
  if (!bytes && input.source?.url) {
    const { url, sha256: want } = input.source
    if (!/^[0-9a-f]{64}$/.test(want))
      throw new InvalidInputError('bundleSource.sha256: must be 64 hex digits')
    let res: Response
    try {
      res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
    } catch (err) {
      throw new UnavailableError(`bundleSource.url: cannot download ${url}: ${(err as Error).message}`, {
        cause: err,
      })
    }
    if (!res.ok) throw new UnavailableError(`bundleSource.url: ${url} answered ${res.status}`)
    bytes = Buffer.from(await res.arrayBuffer())
    if (bytes.length > BUNDLE_MAX_BYTES)
      throw new InvalidInputError(`bundleSource.url: ${url} is over ${BUNDLE_MAX_BYTES} bytes`)
    if (sha256(bytes) !== want)
      throw new InvalidInputError(`bundleSource.sha256: ${url} has sha256 ${sha256(bytes)}, expected ${want}`)
  }
  if (!bytes) return undefined
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: BUNDLE_MAX_BYTES })
    } catch (err) {
      throw new InvalidInputError(`bundle: not a readable gzip file: ${(err as Error).message}`, {
        cause: err,
      })
    }
  }
  if (bytes.length > BUNDLE_MAX_BYTES) throw new InvalidInputError(`bundle: over ${BUNDLE_MAX_BYTES} bytes`)
  return bytes
}

/**
 * Publishes an integration version, the one implementation `switchboard apply` and the operator call:
 * the definition is validated, the bundle resolved (given, or downloaded from a URL and checked
 * against its sha256), and both are compared with the stored version of the same name@version.
 * Nothing is written when nothing changed.
 */
export async function applyIntegration(pool: Pool, input: PublishInput): Promise<PublishOutcome> {
  const definition = parseDefinition(input.definitionJson)
  const bundle = await resolveBundle(input)
  const webhook = {
    ...(input.webhook.idempotencyKey && { idempotencyKey: input.webhook.idempotencyKey }),
    ...(input.webhook.syncTimeoutMs && { syncTimeoutMs: input.webhook.syncTimeoutMs }),
  }
  const stored = await getIntegration(pool, { name: definition.name, version: definition.version }).catch(
    (err: unknown) => {
      if (err instanceof NotFoundError) return undefined
      throw err
    },
  )
  const changes: string[] = []
  if (stored) {
    if (bundle && stored.bundleSha256 !== sha256(bundle)) changes.push('bundle')
    if (canonicalJson(stored.definition) !== canonicalJson(definition)) changes.push('definition')
    if (canonicalJson(stored.webhook) !== canonicalJson(webhook)) changes.push('webhook')
    if (!changes.length) return { integration: stored, created: false, changes }
  }
  const integration = await putIntegration(pool, {
    name: definition.name,
    version: definition.version,
    definition,
    bundle,
    webhook,
  })
  return { integration, created: !stored, changes }
}
