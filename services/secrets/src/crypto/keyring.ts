import { createHash, createSecretKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { ConfigError } from '@switchboard/config'

/** Size of every key-encryption key: AES-256. */
export const KEK_BYTES = 32

/** One key-encryption key. The key material is a KeyObject, so it never prints when inspected. */
export interface Kek {
  id: string
  key: KeyObject
}

/**
 * The key-encryption keys the service knows. `current` wraps every new data key; the others stay
 * usable for reading (and re-wrapping) records written under them until a rotation has finished.
 */
export interface KeyRing {
  current: Kek
  /** Every key, current first. */
  all: Kek[]
  /** The key with this id, or undefined when the ring does not hold it. */
  get(id: string): Kek | undefined
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** A stable short id for a key given without one: the first 8 hex digits of its SHA-256. */
export function deriveKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8)
}

/**
 * Parses the key-ring format: one or more entries separated by commas or newlines, each either
 * `base64` or `id:base64`, where the base64 decodes to exactly 32 bytes. The first entry is the
 * current key. `source` (the variable name) prefixes every problem; problems never include key
 * material. Throws a `ConfigError` listing every problem.
 */
export function parseKeyRing(text: string, source: string): KeyRing {
  const entries = text
    .split(/[,\r\n]+/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
  if (entries.length === 0)
    throw new ConfigError([`${source} is empty: expected base64 of ${KEK_BYTES} random bytes`])

  const problems: string[] = []
  const keys: Kek[] = []
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':')
    const givenId = colon >= 0 ? entry.slice(0, colon).trim() : undefined
    const encoded = colon >= 0 ? entry.slice(colon + 1).trim() : entry
    const label = `${source}: key ${i + 1}${givenId ? ` ("${givenId}")` : ''}`
    if (givenId !== undefined && !ID_PATTERN.test(givenId)) {
      problems.push(
        `${source}: key ${i + 1} has an invalid id: use 1-64 letters, digits, '_', '.' or '-' before the ':'`,
      )
      return
    }
    if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
      problems.push(`${label} is not base64 (generate one with: openssl rand -base64 ${KEK_BYTES})`)
      return
    }
    const raw = Buffer.from(encoded, 'base64')
    if (raw.length !== KEK_BYTES) {
      problems.push(`${label} is ${raw.length} bytes after base64 decoding; it must be exactly ${KEK_BYTES}`)
      raw.fill(0)
      return
    }
    const id = givenId ?? deriveKeyId(raw)
    if (keys.some((k) => k.id === id)) {
      problems.push(`${label}: key id "${id}" appears more than once`)
      raw.fill(0)
      return
    }
    keys.push({ id, key: createSecretKey(raw) })
    raw.fill(0)
  })
  if (problems.length) throw new ConfigError(problems)
  return keyRingOf(keys)
}

/** Builds a ring from keys already parsed, current first. */
export function keyRingOf(keys: Kek[]): KeyRing {
  const [current] = keys
  if (!current) throw new Error('a key ring needs at least one key')
  const byId = new Map(keys.map((k) => [k.id, k]))
  return { current, all: [...keys], get: (id) => byId.get(id) }
}

/** Where the master key comes from: the two variables of the service config. */
export interface MasterKeySource {
  SWITCHBOARD_MASTER_KEY?: string | undefined
  SWITCHBOARD_MASTER_KEY_FILE?: string | undefined
}

/**
 * Loads the key ring from `SWITCHBOARD_MASTER_KEY` or the file named by
 * `SWITCHBOARD_MASTER_KEY_FILE` (exactly one must be set). Throws a `ConfigError` that says what
 * is wrong without printing the key.
 */
export async function loadKeyRing(src: MasterKeySource): Promise<KeyRing> {
  const inline = src.SWITCHBOARD_MASTER_KEY
  const file = src.SWITCHBOARD_MASTER_KEY_FILE
  if (inline && file) {
    throw new ConfigError([
      'SWITCHBOARD_MASTER_KEY and SWITCHBOARD_MASTER_KEY_FILE are both set: set only one',
    ])
  }
  if (inline) return parseKeyRing(inline, 'SWITCHBOARD_MASTER_KEY')
  if (file) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'unknown error'
      throw new ConfigError([
        `SWITCHBOARD_MASTER_KEY_FILE is ${JSON.stringify(file)}: cannot read the file (${code})`,
      ])
    }
    return parseKeyRing(text, `SWITCHBOARD_MASTER_KEY_FILE (${file})`)
  }
  throw new ConfigError([
    `neither SWITCHBOARD_MASTER_KEY nor SWITCHBOARD_MASTER_KEY_FILE is set: one must hold the key-encryption key, base64 of ${KEK_BYTES} random bytes (openssl rand -base64 ${KEK_BYTES})`,
  ])
}
