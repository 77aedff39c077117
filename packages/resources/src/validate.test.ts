import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  formatFieldError,
  isSwitchboardManifest,
  parseManifests,
  validateResource,
  type Installation,
  type Integration,
} from './index.js'

const EXAMPLES = fileURLToPath(new URL('../../../deploy/examples/', import.meta.url))

const integration = (): Integration => ({
  apiVersion: 'switchboard.dev/v1alpha1',
  kind: 'Integration',
  metadata: { name: 'webhook', namespace: 'team-a' },
  spec: {
    definition: { name: 'webhook', version: '0.1.0', channels: { channel: {} } },
    bundle: { configMapRef: { name: 'webhook-bundle', key: 'bundle.cjs.gz' } },
    webhook: { idempotencyKey: 'body:/update_id', syncTimeoutMs: 2500 },
    runtime: { replicas: 2, memory: '256Mi', timeoutMs: 10_000, concurrency: 8, runtimeClassName: 'gvisor' },
    secretsFrom: { name: 'webhook-secrets' },
  },
})

const installation = (): Installation => ({
  apiVersion: 'switchboard.dev/v1alpha1',
  kind: 'Installation',
  metadata: { name: 'hook' },
  spec: {
    botRef: { name: 'bot' },
    integrationRef: { name: 'webhook' },
    alias: 'hook',
    configuration: { any: { thing: 1 } },
  },
})

/** The error lines of a manifest, or [] when valid. */
function errors(manifest: unknown): string[] {
  const r = validateResource(manifest)
  return r.ok ? [] : r.errors.map(formatFieldError)
}

/** Applies `edit` to a copy of `base` and returns its errors. */
function errorsAfter<T>(base: T, edit: (m: T) => void): string[] {
  const m = structuredClone(base)
  edit(m)
  return errors(m)
}

describe('validateResource', () => {
  it('accepts well-formed resources of each kind', () => {
    expect(errors(integration())).toEqual([])
    expect(errors(installation())).toEqual([])
    expect(
      errors({ apiVersion: 'switchboard.dev/v1alpha1', kind: 'Bot', metadata: { name: 'b' }, spec: {} }),
    ).toEqual([])
  })

  it('names the field of each problem', () => {
    expect(errorsAfter(installation(), (m) => (m.spec.alias = 'Hook!'))).toEqual([
      'spec.alias: "Hook!" does not match ^[a-z][a-z0-9-]{1,99}$',
    ])
    expect(errorsAfter(installation(), (m) => delete (m.spec as Partial<typeof m.spec>).botRef)).toEqual([
      'spec.botRef: is required',
    ])
    expect(errorsAfter(installation(), (m) => ((m.spec as Record<string, unknown>).enabled = 'yes'))).toEqual(
      ['spec.enabled: must be true or false, got string'],
    )
    expect(errorsAfter(integration(), (m) => (m.spec.runtime!.replicas = 500))).toEqual([
      'spec.runtime.replicas: must be at most 50',
    ])
    expect(errorsAfter(integration(), (m) => (m.spec.runtime!.memory = '1GB'))).toEqual([
      'spec.runtime.memory: "1GB" does not match ^[1-9][0-9]*(Mi|Gi)$',
    ])
    expect(errorsAfter(integration(), (m) => (m.spec.webhook!.idempotencyKey = 'update_id'))).toEqual([
      'spec.webhook.idempotencyKey: "update_id" does not match ^(body:/.*|header:[A-Za-z0-9-]+)$',
    ])
    expect(
      errorsAfter(integration(), (m) => delete (m.spec.definition as Record<string, unknown>).version),
    ).toEqual(['spec.definition.version: is required'])
    expect(errorsAfter(installation(), (m) => (m.metadata.name = 'Hook_1'))).toEqual([
      "metadata.name: \"Hook_1\" must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    ])
  })

  it('enforces the bundle choice: exactly one source, sha256 with a URL or an image', () => {
    expect(errorsAfter(integration(), (m) => (m.spec.bundle = {}))).toEqual([
      'spec.bundle: must set exactly one of: image + sha256, or configMapRef, or url + sha256, or path',
    ])
    expect(errorsAfter(integration(), (m) => (m.spec.bundle = { url: 'https://x.example/b.cjs' }))).toEqual([
      'spec.bundle.sha256: is required with url',
    ])
    expect(
      errorsAfter(integration(), (m) => (m.spec.bundle = { ...m.spec.bundle, path: '/tmp/bundle.cjs' })),
    ).toEqual([
      'spec.bundle: must set exactly one of: image + sha256, or configMapRef, or url + sha256, or path (configMapRef and path are both set)',
    ])
    expect(
      errorsAfter(integration(), (m) => (m.spec.bundle = { url: 'https://x.example/b', sha256: 'abc' })),
    ).toEqual(['spec.bundle.sha256: "abc" does not match ^[0-9a-f]{64}$'])
    const bot = { apiVersion: 'switchboard.dev/v1alpha1', kind: 'Bot', metadata: { name: 'b' } }
    expect(
      errors({ ...bot, spec: { bundle: { path: '/b.cjs' }, endpoint: { url: 'https://bot.example' } } }),
    ).toEqual(['spec: must not set bundle and endpoint together'])
  })

  it('rejects unknown fields (as kubectl’s strict validation does) but keeps free-form ones', () => {
    expect(errorsAfter(installation(), (m) => ((m.spec as Record<string, unknown>).alais = 'x'))).toEqual([
      'spec.alais: unknown field',
    ])
    expect(
      errorsAfter(integration(), (m) => ((m.spec.definition as Record<string, unknown>).anything = { x: 1 })),
    ).toEqual([])
  })

  it('checks apiVersion, kind and metadata', () => {
    expect(errors({ apiVersion: 'v1', kind: 'Integration', metadata: { name: 'x' }, spec: {} })[0]).toMatch(
      /^apiVersion: /,
    )
    expect(
      errors({ apiVersion: 'switchboard.dev/v1alpha1', kind: 'Widget', metadata: { name: 'x' } }),
    ).toEqual(['kind: must be one of Integration, Bot, Installation, got "Widget"'])
    expect(errors(null)).toEqual(['(root): must be an object'])
  })
})

describe('deploy/examples', () => {
  it('every Switchboard manifest in the examples is valid', async () => {
    const files = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    const kinds = new Set<string>()
    for (const file of files) {
      for (const doc of parseManifests(await readFile(`${EXAMPLES}${file}`, 'utf8'))) {
        if (!isSwitchboardManifest(doc)) continue
        kinds.add(doc.kind)
        expect(errors(doc), file).toEqual([])
      }
    }
    expect([...kinds].sort()).toEqual(['Bot', 'Installation', 'Integration'])
  })

  it('a broken copy of an example is rejected with the field named', async () => {
    const [example] = parseManifests(await readFile(`${EXAMPLES}integration.yaml`, 'utf8')) as Integration[]
    expect(errorsAfter(example!, (m) => (m.spec.webhook!.syncTimeoutMs = 60_000))).toEqual([
      'spec.webhook.syncTimeoutMs: must be at most 30000',
    ])
  })
})
