import { parse } from 'node:querystring'

/** Most query parameters accepted (a guard against hostile query strings). */
const MAX_PARAMS = 200

/**
 * Parses a Runtime API query string: dotted keys (`tags.id=x`) and bracket keys (`tags[id]=x`) become
 * nested objects, repeated keys become arrays (`participantIds=a&participantIds=b`). Only one level of
 * nesting exists in the API, so deeper keys are kept flat. `__proto__` and friends are dropped.
 */
export function parseQuery(qs: string): Record<string, unknown> {
  const flat = parse(qs, '&', '=', { maxKeys: MAX_PARAMS })
  const out: Record<string, unknown> = Object.create(null)
  for (const [rawKey, value] of Object.entries(flat)) {
    const m = /^([^.[\]]+)(?:\.([^.[\]]+)|\[([^\]]+)\])$/.exec(rawKey)
    const [top, sub] = m ? [m[1]!, m[2] ?? m[3]!] : [rawKey, undefined]
    if (isUnsafe(top) || (sub !== undefined && isUnsafe(sub))) continue
    const cleanValue = rawKey.endsWith('[]') ? ([] as string[]).concat(value ?? []) : value
    if (sub === undefined) {
      out[rawKey.replace(/\[\]$/, '')] = cleanValue
    } else {
      const obj = (out[top] ??= Object.create(null)) as Record<string, unknown>
      obj[sub] = cleanValue
    }
  }
  return out
}

function isUnsafe(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype'
}
