import { createHash } from 'node:crypto'

/** JSON with object keys sorted, so equal values print equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    )
  }
  return v
}

/** A digest of values (never the values) to tell whether a write-only record changed. */
export function digest(...parts: unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex')
}
