import { InvalidInputError } from './errors.js'

/**
 * What every door refuses in untrusted input before it reaches code or storage (docs/limits.md):
 * text Postgres cannot store (NUL) or that is not Unicode (lone surrogates), numbers that are not finite
 * (JSON's `1e400` parses as Infinity, which JSON.stringify and so storage turn into null), JSON nested
 * deeper than `MAX_JSON_DEPTH` (deep input overflows recursive code), and strings longer than
 * `MAX_STRING_LENGTH`.
 */
export const INPUT_LIMITS = {
  /** Deepest nesting of objects and arrays accepted anywhere in a request. */
  maxJsonDepth: 64,
  /** Longest single string accepted anywhere in a request (characters). */
  maxStringLength: 1024 * 1024,
} as const

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

interface Node {
  key: string | number
  parent: Node | undefined
}

function pathOf(where: string, node: Node | undefined): string {
  const parts: Array<string | number> = []
  for (let n = node; n; n = n.parent) parts.unshift(n.key)
  return [where, ...parts.map(String)].join('.')
}

/** Why a string is refused, or undefined when it is fine. */
export function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which is not allowed'
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode)'
  if (s.length > INPUT_LIMITS.maxStringLength)
    return `is longer than ${INPUT_LIMITS.maxStringLength} characters`
  return undefined
}

/** Why a number is refused (not finite: it has no JSON form), or undefined when it is fine. */
function badNumber(n: number): string | undefined {
  if (Number.isFinite(n)) return undefined
  return Number.isNaN(n)
    ? 'is not a number (NaN)'
    : 'is not a finite number (out of the range of a double, e.g. 1e400)'
}

/**
 * Walks `value` (iteratively: depth cannot overflow the stack) and throws an `InvalidInputError`
 * naming the first offending place (`body.payload.text: contains a NUL character …`), for keys as
 * for values. Buffers and typed arrays are bytes, not text: they are skipped. `jsonFields(key)` names
 * string fields that hold JSON (e.g. gRPC's `definitionJson`): those are parsed and walked too when
 * they parse.
 */
export function checkUntrustedInput(
  value: unknown,
  where: string,
  opts: { jsonFields?: (key: string) => boolean } = {},
): void {
  const stack: Array<{ v: unknown; node: Node | undefined; depth: number }> = [
    { v: value, node: undefined, depth: 0 },
  ]
  while (stack.length) {
    const { v, node, depth } = stack.pop()!
    if (typeof v === 'string') {
      const why = badText(v)
      if (why) throw new InvalidInputError(`${pathOf(where, node)}: ${why}`)
      if (node && typeof node.key === 'string' && opts.jsonFields?.(node.key)) {
        let parsed: unknown
        try {
          parsed = JSON.parse(v)
        } catch {
          continue // not JSON: the field's own validation says so
        }
        stack.push({ v: parsed, node, depth })
      }
      continue
    }
    if (typeof v === 'number') {
      const why = badNumber(v)
      if (why) throw new InvalidInputError(`${pathOf(where, node)}: ${why}`)
      continue
    }
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue
    if (depth >= INPUT_LIMITS.maxJsonDepth) {
      throw new InvalidInputError(
        `${pathOf(where, node)}: nested deeper than ${INPUT_LIMITS.maxJsonDepth} levels`,
      )
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], node: { key: i, parent: node }, depth: depth + 1 })
      continue
    }
    for (const [k, child] of Object.entries(v)) {
      const why = badText(k)
      if (why) throw new InvalidInputError(`${pathOf(where, node)}: a key ${why}`)
      stack.push({ v: child, node: { key: k, parent: node }, depth: depth + 1 })
    }
  }
}
