import { createHash } from 'node:crypto'

/** The port a sandbox pod's runner listens on, and its Service's port. */
export const SANDBOX_PORT = 8080

/** Labels and annotations on sandbox objects; the dispatcher and the operator agree on them. */
export const SANDBOX_LABELS = {
  /** The sandbox key (an integration or bot id): how the dispatcher finds a sandbox's Service. */
  key: 'switchboard.dev/sandbox-key',
  /** uid of the resource (Integration, Bot) the sandbox belongs to: how the operator finds its own. */
  ownerUid: 'switchboard.dev/owner-uid',
  component: 'app.kubernetes.io/component',
  name: 'app.kubernetes.io/name',
  managedBy: 'app.kubernetes.io/managed-by',
  partOf: 'app.kubernetes.io/part-of',
} as const

/** Annotations the operator sets on a sandbox Service for the driver to read. */
export const SANDBOX_ANNOTATIONS = {
  /** Deadline of one call in ms (the driver takes the smaller of this and the dispatcher's). */
  timeoutMs: 'switchboard.dev/timeout-ms',
  /** Calls in flight per pod at most. */
  concurrency: 'switchboard.dev/concurrency',
  /** Pods of the sandbox. */
  replicas: 'switchboard.dev/replicas',
  /** Changes when the Secret named by `secretsFrom` changes, so the pods restart with the new values. */
  secretsVersion: 'switchboard.dev/secrets-version',
  /** sha256 the runner checks the bundle against. */
  bundleSha256: 'switchboard.dev/bundle-sha256',
} as const

/**
 * The name of a sandbox's Deployment, Service and NetworkPolicy: `sb-` and the key made DNS-safe
 * (`intg_01J…` → `sb-intg-01j…`), shortened with a hash suffix past 63 characters.
 */
export function sandboxName(key: string): string {
  const safe = key
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  const name = `sb-${safe}`
  if (name.length <= 63 && safe) return name
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10)
  return `${name.slice(0, 52).replace(/-+$/, '')}-${hash}`
}
