import { parse } from 'node:querystring'
import { InvalidInputError } from '@switchboard/errors'

/** Most query parameters accepted (a guard against hostile query strings). */
const MAX_PARAMS = 200

/** Where a refused query string keeps its error (a symbol: no schema or walker sees it). */
const QUERY_ERROR = Symbol('queryError')

/**
 * Parses a Runtime API query string: dotted keys (`tags.id=x`) and bracket keys (`tags[id]=x`) become
 * nested objects, repeated keys become arrays (`participantIds=a&participantIds=b`). Only one level of
 * nesting exists in the API, so deeper keys are kept flat. `__proto__` and friends are dropped.
 *
 * The router calls this before any hook or error handler, where a throw would kill the process, so
 * it never throws: a query it refuses (a key that is both a value and an object, `tags=b&tags.id=a`)
 * comes back empty, holding the error for `queryError`, which the server's first hook throws.
 */
export function parseQuery(qs: string): Record<string, unknown> {
  try {
    return parseOrThrow(qs)
  } catch (err) {
    const error =
      err instanceof InvalidInputError
        ? err
        : new InvalidInputError('query: not a valid query string', { cause: err })
    return Object.assign(Object.create(null) as Record<string, unknown>, { [QUERY_ERROR]: error })
  }
}

/** The error of a query string that `parseQuery` refused, if it did. */
export function queryError(query: unknown): InvalidInputError | undefined {
  if (query === null || typeof query !== 'object') return undefined
  return (query as { [QUERY_ERROR]?: InvalidInputError })[QUERY_ERROR]
}

function parseOrThrow(qs: string): Record<string, unknown> {
  const flat = parse(qs, '&', '=', { maxKeys: MAX_PARAMS })
  const out: Record<string, unknown> = Object.create(null)
  // Top-level keys that hold an object (from `a.b` / `a[b]`), to tell them from values.
  const objects = new Set<string>()
  for (const [rawKey, value] of Object.entries(flat)) {
    const m = /^([^.[\]]+)(?:\.([^.[\]]+)|\[([^\]]+)\])$/.exec(rawKey)
    const [top, sub] = m ? [m[1]!, m[2] ?? m[3]!] : [rawKey.replace(/\[\]$/, ''), undefined]
    if (isUnsafe(top) || (sub !== undefined && isUnsafe(sub))) continue
    const cleanValue = rawKey.endsWith('[]') ? ([] as string[]).concat(value ?? []) : value
    const isObject = sub !== undefined
    if (top in out && objects.has(top) !== isObject)
      throw new InvalidInputError(
        `query: ${JSON.stringify(top)} is given both as a value and as an object (${JSON.stringify(top)} and ${JSON.stringify(`${top}.…`)}); send one of them`,
      )
    if (sub === undefined) {
      out[top] = top in out ? ([] as unknown[]).concat(out[top], cleanValue) : cleanValue
    } else {
      objects.add(top)
      const obj = (out[top] ??= Object.create(null)) as Record<string, unknown>
      obj[sub] = sub in obj ? ([] as unknown[]).concat(obj[sub], cleanValue) : cleanValue
    }
  }
  return out
}

function isUnsafe(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype'
}
