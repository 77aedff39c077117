import { InvalidInputError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'

/** Tags as stored: integration tags under `<alias>:<key>`, a bot's own tags unprefixed. */
export type StoredTags = Record<string, string>

/** Limits on tags, enforced on every write. */
export const TAG_LIMITS = { maxTags: 50, maxKeyLength: 200, maxValueLength: 500 }

// `#` separates a plugin's alias from its own keys (`hitl#ticketId`), as @botpress/sdk writes them.
const KEY = /^[A-Za-z0-9_.:@#-]+$/

function checkKey(key: string, where: string): void {
  if (key.length === 0 || key.length > TAG_LIMITS.maxKeyLength || !KEY.test(key)) {
    throw new InvalidInputError(
      `${where}: invalid tag key ${JSON.stringify(key.slice(0, 50))} (1-${TAG_LIMITS.maxKeyLength} chars of letters, digits, _ . : @ # -)`,
    )
  }
}

/** Maps one tag key from the caller's view to the stored key. Integrations may not write other prefixes. */
export function toStoredKey(caller: Caller, key: string, where = 'tags'): string {
  checkKey(key, where)
  if (caller.kind === 'bot') return key
  if (key.includes(':'))
    throw new InvalidInputError(`${where}: integration tag keys may not contain ':' (${key})`)
  return `${caller.installation.alias}:${key}`
}

/**
 * Maps tags from the caller's view to stored keys. `null` or `''` values mean "remove" where
 * `allowRemoval`, and are kept as `null` so the caller can merge.
 */
export function toStoredTags(
  caller: Caller,
  tags: Record<string, string | null> | undefined,
  where = 'tags',
): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  const entries = Object.entries(tags ?? {})
  if (entries.length > TAG_LIMITS.maxTags)
    throw new InvalidInputError(`${where}: at most ${TAG_LIMITS.maxTags} tags`)
  for (const [k, v] of entries) {
    if (v !== null && v.length > TAG_LIMITS.maxValueLength) {
      throw new InvalidInputError(`${where}.${k}: value longer than ${TAG_LIMITS.maxValueLength} characters`)
    }
    out[toStoredKey(caller, k, where)] = v === '' ? null : v
  }
  return out
}

/** Keeps only concrete values (drops removals): the tags to insert on create. */
export function withoutRemovals(tags: Record<string, string | null>): StoredTags {
  const out: StoredTags = {}
  for (const [k, v] of Object.entries(tags)) if (v !== null) out[k] = v
  return out
}

/** Applies an update: `null` removes a key, a string sets it. */
export function mergeTags(current: StoredTags, update: Record<string, string | null>): StoredTags {
  const out: StoredTags = { ...current }
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete out[k]
    else out[k] = v
  }
  return out
}

/** What the caller sees: bots see every key; an integration sees its own keys, unprefixed. */
export function toVisibleTags(caller: Caller, stored: StoredTags): StoredTags {
  if (caller.kind === 'bot') return { ...stored }
  const prefix = `${caller.installation.alias}:`
  const out: StoredTags = {}
  for (const [k, v] of Object.entries(stored)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
  return out
}

/**
 * The stored tags that identify an object for get-or-create: all given tags, or only those named
 * in `discriminateByTags` (each must be among the given tags).
 */
export function discriminatingTags(
  caller: Caller,
  stored: StoredTags,
  discriminateByTags: string[] | undefined,
): StoredTags {
  if (!discriminateByTags?.length) return stored
  const out: StoredTags = {}
  for (const k of discriminateByTags) {
    const key = toStoredKey(caller, k, 'discriminateByTags')
    const v = stored[key]
    if (v === undefined)
      throw new InvalidInputError(`discriminateByTags: tag ${k} is not among the given tags`)
    out[key] = v
  }
  return out
}
