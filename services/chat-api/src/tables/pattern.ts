import { setFlagsFromString } from 'node:v8'

// A column's `pattern` is a tenant's regular expression run on every value written. V8's default
// engine backtracks (`^(a+)+$` against 40 characters takes hours, on the event loop every tenant
// shares), so patterns run only on V8's linear-time engine: the `l` flag, which Node 20 accepts
// once this V8 flag is set. It must be set before the first such RegExp is built, hence here, when
// the module loads; the check below fails the service at start if this V8 no longer honours it.
setFlagsFromString('--enable-experimental-regexp-engine')
try {
  new RegExp('', 'l')
} catch (err) {
  throw new Error('this Node does not offer V8’s linear-time RegExp engine (the l flag)', { cause: err })
}

/** Longest `pattern` a column may declare. */
export const MAX_PATTERN_LENGTH = 256

const NOT_LINEAR =
  'cannot be checked in linear time: backreferences, lookahead and lookbehind, and repetition counts over 16 are not supported'

/**
 * Why `pattern` cannot be a column's pattern, or null when it can. Accepted: a JSON-schema (ECMAScript,
 * `u` mode) regular expression that V8's linear-time engine runs. That engine does not take the `u`
 * flag on Node 20, so what would mean something else without it is refused too (`\p{…}`, `\u{…}`,
 * surrogates, characters outside the Basic Multilingual Plane).
 */
export function patternRefusal(pattern: string): string | null {
  const re = compiledPattern(pattern)
  return typeof re === 'string' ? re : null
}

/**
 * Whether `value` matches a column's `pattern`, on the linear-time engine only (a string: why the
 * pattern cannot be run; a pattern stored before these rules is never run on the backtracking
 * engine). Values are matched by UTF-16 code unit: `.`, `[^…]`, `\S`, `\W` and `\D` take a character
 * outside the Basic Multilingual Plane (most emoji) as two.
 */
export function matchesPattern(pattern: string, value: string): boolean | string {
  const re = compiledPattern(pattern)
  return typeof re === 'string' ? re : re.test(value)
}

const compiled = new Map<string, RegExp | string>()
const MAX_CACHED = 1000

/** The pattern on the linear-time engine, or why it cannot be; cached. */
function compiledPattern(pattern: string): RegExp | string {
  let re = compiled.get(pattern)
  if (re === undefined) {
    re = compile(pattern)
    if (compiled.size >= MAX_CACHED) compiled.clear()
    compiled.set(pattern, re)
  }
  return re
}

function compile(pattern: string): RegExp | string {
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`
  try {
    new RegExp(pattern, 'u') // compiling runs nothing: only the syntax is checked here
  } catch {
    return 'not a valid regular expression'
  }
  const unicodeOnly = unicodeOnlySyntax(pattern)
  if (unicodeOnly) return unicodeOnly
  try {
    return new RegExp(pattern, 'l')
  } catch {
    return NOT_LINEAR
  }
}

/** Syntax that means one thing with the `u` flag and another without it, or null. */
function unicodeOnlySyntax(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff)
      return 'characters outside the Basic Multilingual Plane (such as emoji) are not supported'
    if (pattern[i] !== '\\') continue
    const next = pattern[i + 1]
    if (next === 'p' || next === 'P') return 'Unicode property escapes (\\p{…}) are not supported'
    if (next === 'u' && pattern[i + 2] === '{') return '\\u{…} escapes are not supported (use \\uXXXX)'
    if (next === 'u' && /^[dD][89a-fA-F]/.test(pattern.slice(i + 2, i + 4)))
      return 'surrogate escapes (\\uD800-\\uDFFF) are not supported'
    i++ // an escape is the backslash and the character after it
  }
  return null
}
