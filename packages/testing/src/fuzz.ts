/**
 * Seeded generators of hostile input for the fuzz tests of each door (issue 9): NUL bytes, lone
 * surrogates, deep and wide JSON, oversized strings, wrong types, bad ids, random bytes. A failing
 * case reproduces from its seed (`FUZZ_SEED`, printed by the tests).
 */

/** A small seeded PRNG (mulberry32) with the helpers the generators need. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

/** A seeded generator: the same seed gives the same sequence. */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  }
}

/** The seed of this run: `FUZZ_SEED` when set (to replay a failure), else a fixed default. */
export function fuzzSeed(defaultSeed = 20261201): number {
  const v = Number(process.env.FUZZ_SEED)
  return Number.isInteger(v) ? v : defaultSeed
}

/** Strings that no door may store: each contains a NUL byte or a lone surrogate. */
export function poisonString(rng: Rng): string {
  const poison = rng.pick(['\u0000', '\ud800', '\udfff', 'a\ud83d', '\udc00b', '\u0000\u0000'])
  const around = rng.pick(['', 'hello', 'x'.repeat(rng.int(200)), '€', '🙂'])
  return rng.chance(0.5) ? `${around}${poison}` : `${poison}${around}`
}

/** A JSON value nested `depth` levels deep (objects or arrays), as text: no recursion to build it. */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  const open = kind === 'array' ? '[' : '{"a":'
  const close = kind === 'array' ? ']' : '}'
  return `${open.repeat(depth)}1${close.repeat(depth)}`
}

/** A JSON object with `width` keys, as text. */
export function wideJson(width: number): string {
  const parts: string[] = []
  for (let i = 0; i < width; i++) parts.push(`"k${i}":${i}`)
  return `{${parts.join(',')}}`
}

/** Random bytes: usually not UTF-8, never JSON. */
export function randomBytes(rng: Rng, max = 512): Buffer {
  const b = Buffer.alloc(1 + rng.int(max))
  for (let i = 0; i < b.length; i++) b[i] = rng.int(256)
  return b
}

/** Values of the wrong type for a field that expects a string or an object. */
export function wrongType(rng: Rng): unknown {
  return rng.pick([42, -1, 1e308, true, null, [], [1, 2], {}, { nested: { x: 1 } }, '', 0])
}

/**
 * Ids that are not ids, percent-encoded for a URL path or query: NUL, a lone surrogate (as its
 * invalid UTF-8), overlong, path tricks, bad escapes, spaces.
 */
export function hostileIdInUrl(rng: Rng): string {
  return rng.pick([
    '%00',
    'conv_%00',
    '%ED%A0%80',
    '%C0%80',
    '%FF%FE',
    'x'.repeat(5000),
    '..%2F..%2Fetc%2Fpasswd',
    '%',
    '%zz',
    '%E2%82',
    'a%20b',
    `${'%F0%9F%99%82'.repeat(300)}`,
    "'%20OR%201=1--",
  ])
}

/** Puts `value` at a random place inside `obj` (a shallow copy), replacing or adding a field. */
export function plant(rng: Rng, obj: Record<string, unknown>, value: unknown): Record<string, unknown> {
  const keys = Object.keys(obj)
  const out = { ...obj }
  if (keys.length && rng.chance(0.7)) {
    const k = rng.pick(keys)
    const cur = out[k]
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && rng.chance(0.5)) {
      out[k] = plant(rng, cur as Record<string, unknown>, value)
    } else {
      out[k] = value
    }
  } else {
    out[rng.chance(0.5) ? poisonString(rng) : `extra${rng.int(10)}`] = value
  }
  return out
}
