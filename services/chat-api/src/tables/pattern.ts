import { setFlagsFromString } from 'node:v8'
import { Worker } from 'node:worker_threads'
import { InvalidInputError } from '@switchboard/errors'

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

/** Most compiled patterns kept, here and in the worker. */
const MAX_CACHED = 1000

/** Longest `pattern` a column may declare. */
export const MAX_PATTERN_LENGTH = 256

const NOT_LINEAR =
  'cannot be checked in linear time: backreferences, lookahead and lookbehind, and repetition counts over 16 are not supported'

/**
 * Why `pattern` cannot be a column's pattern, or null when it can. Accepted: a JSON-schema (ECMAScript,
 * `u` mode) regular expression that V8's linear-time engine runs. That engine does not take the `u`
 * flag on Node 20, so what would mean something else without it is refused too (`\p{…}`, `\u{…}`,
 * surrogates, characters outside the Basic Multilingual Plane), and values are matched by UTF-16
 * code unit: `.`, `[^…]`, `\S`, `\W` and `\D` take a character outside that plane (most emoji) as two.
 */
export function patternRefusal(pattern: string): string | null {
  const re = compiledPattern(pattern)
  return typeof re === 'string' ? re : null
}

/** A value a column's pattern must match, and where it is in the request (for the 400). */
export interface PatternCheck {
  pattern: string
  value: string
  at: string
}

/** Longest one call's pattern checks may run before they are stopped (and the call refused). */
export const PATTERN_CHECK_TIMEOUT_MS = 2000

/**
 * Checks values against their columns' patterns off the event loop, in a worker thread, on the
 * linear-time engine: even linear time is seconds for a large body and a pattern of many states,
 * and no tenant's write may hold up the others'. Calls run one at a time; one past
 * `PATTERN_CHECK_TIMEOUT_MS` is stopped (the worker is ended) and refused with a 400. 400 naming the
 * first value that does not match; a pattern the linear engine cannot run is refused the same way.
 */
export async function checkPatterns(checks: PatternCheck[]): Promise<void> {
  if (!checks.length) return
  for (const c of checks) {
    const refused = patternRefusal(c.pattern)
    if (refused)
      throw new InvalidInputError(
        `${c.at}: the column's stored pattern cannot be run (${refused}); give the column another pattern with updateTable`,
      )
  }
  const run = queue.then(() => runInWorker(checks))
  queue = run.then(
    () => undefined,
    () => undefined,
  )
  const failed = await run
  if (failed >= 0) {
    const c = checks[failed]!
    throw new InvalidInputError(`${c.at}: does not match the pattern ${c.pattern}`)
  }
}

let queue: Promise<unknown> = Promise.resolve()
let worker: Worker | undefined

// The worker: tests each value in order on the linear-time engine, answers the first that fails (or -1).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const compiled = new Map()
parentPort.on('message', (checks) => {
  for (let i = 0; i < checks.length; i++) {
    let re = compiled.get(checks[i].pattern)
    if (!re) {
      if (compiled.size >= ${MAX_CACHED}) compiled.clear()
      re = new RegExp(checks[i].pattern, 'l')
      compiled.set(checks[i].pattern, re)
    }
    if (!re.test(checks[i].value)) return parentPort.postMessage(i)
  }
  parentPort.postMessage(-1)
})`

function runInWorker(checks: PatternCheck[]): Promise<number> {
  const w = (worker ??= new Worker(WORKER_SOURCE, { eval: true }))
  w.unref()
  return new Promise<number>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer)
      w.off('message', onMessage)
      w.off('error', onError)
    }
    const onMessage = (failed: number) => {
      done()
      resolve(failed)
    }
    const onError = (err: Error) => {
      done()
      worker = undefined
      reject(err)
    }
    const timer = setTimeout(() => {
      done()
      worker = undefined
      void w.terminate()
      reject(
        new InvalidInputError(
          `${checks[0]!.at}: checking this call's values against column patterns took over ${PATTERN_CHECK_TIMEOUT_MS} ms; send fewer or shorter values, or give the column a simpler pattern`,
        ),
      )
    }, PATTERN_CHECK_TIMEOUT_MS)
    w.on('message', onMessage)
    w.on('error', onError)
    w.postMessage(checks.map(({ pattern, value }) => ({ pattern, value })))
  })
}

const compiled = new Map<string, RegExp | string>()

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
