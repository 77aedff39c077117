import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * What `apply` did, per platform (admin API address), so later commands can use the manifests' names
 * and `apply` can tell whether write-only values (configuration, secrets) changed. chat-api knows
 * integrations by definition name + version, bots by name and installations by bot + alias; the
 * Installation's own name and digests of stored secrets live only here.
 */
export interface AppliedRecord {
  integrations: Record<string, { id: string; name: string; version: string; secretsDigest?: string }>
  bots: Record<string, { id: string; signingSecretDigest?: string }>
  installations: Record<string, { id: string; bot: string; alias: string; configurationDigest?: string }>
}

/** The file holding the records, in the state folder (mode 0600: digests of secrets). */
export const APPLIED_FILE = 'applied.json'

function empty(): AppliedRecord {
  return { integrations: {}, bots: {}, installations: {} }
}

/** Reads and writes the record of one platform. */
export class AppliedStore {
  readonly record: AppliedRecord

  constructor(
    private readonly stateDir: string,
    private readonly platform: string,
  ) {
    this.record = { ...empty(), ...(this.readAll()[platform] ?? {}) }
  }

  private readAll(): Record<string, AppliedRecord> {
    const file = join(this.stateDir, APPLIED_FILE)
    if (!existsSync(file)) return {}
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, AppliedRecord>
    } catch {
      return {} // a damaged record only costs re-storing configuration once
    }
  }

  /** Writes the record back (after each resource, so an interrupted apply keeps what it did). */
  save(): void {
    const all = this.readAll()
    all[this.platform] = this.record
    mkdirSync(this.stateDir, { recursive: true, mode: 0o700 })
    writeFileSync(join(this.stateDir, APPLIED_FILE), `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 })
  }
}

/** Digests live in @switchboard/schema (chat-api digests configurations the same way). */
export { digest } from '@switchboard/schema'
