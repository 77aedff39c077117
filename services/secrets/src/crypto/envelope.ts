import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import { InternalError } from '@switchboard/errors'
import type { KeyRing } from './keyring.js'

/** What a record holds: an installation's configuration or an integration's secrets. */
export type RecordKind = 'configuration' | 'integration_secrets'

/** Which record a ciphertext belongs to; bound into both ciphertexts as additional authenticated data. */
export interface RecordIdentity {
  kind: RecordKind
  subjectId: string
}

/**
 * An encrypted record as stored. Both blobs are `iv (12) ‖ ciphertext ‖ tag (16)` of AES-256-GCM:
 * `ciphertext` is the payload under the record's own data key, `wrappedKey` is that data key under
 * the key-encryption key `keyId`.
 */
export interface SealedRecord {
  keyId: string
  wrappedKey: Buffer
  ciphertext: Buffer
}

const ALGORITHM = 'aes-256-gcm'
const IV_BYTES = 12
const TAG_BYTES = 16
const DATA_KEY_BYTES = 32

/** `configuration:inst_…`: how a record is named in errors, logs and audit entries. */
export function describeRecord(id: RecordIdentity): string {
  return `${id.kind}:${id.subjectId}`
}

// JSON arrays keep the parts unambiguous whatever characters a subject id holds; the purpose
// ("payload" / "data-key") keeps one blob from being accepted in place of the other.
function aad(purpose: 'payload' | 'data-key', id: RecordIdentity): Buffer {
  return Buffer.from(JSON.stringify(['switchboard.secrets.v1', purpose, id.kind, id.subjectId]))
}

function encrypt(key: KeyObject, plaintext: Buffer, additional: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(additional)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()])
}

function decrypt(key: KeyObject, blob: Buffer, additional: Buffer): Buffer {
  if (blob.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext is too short')
  const iv = blob.subarray(0, IV_BYTES)
  const tag = blob.subarray(blob.length - TAG_BYTES)
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
  decipher.setAAD(additional)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()])
}

function kekFor(ring: KeyRing, id: RecordIdentity, keyId: string): KeyObject {
  const kek = ring.get(keyId)
  if (!kek) {
    throw new InternalError(
      `${describeRecord(id)} is encrypted under key "${keyId}", which is not in the key ring: add that key back to the master key ring`,
    )
  }
  return kek.key
}

function unwrapDataKey(ring: KeyRing, id: RecordIdentity, sealed: SealedRecord): Buffer {
  const kek = kekFor(ring, id, sealed.keyId)
  try {
    return decrypt(kek, sealed.wrappedKey, aad('data-key', id))
  } catch (cause) {
    throw new InternalError(
      `${describeRecord(id)}: the data key failed authentication (tampered, moved to another record, or wrong key)`,
      { cause },
    )
  }
}

/**
 * Encrypts `plaintext` for the record `id` under a fresh random data key, and wraps that data key
 * under the ring's current key-encryption key.
 */
export function seal(ring: KeyRing, id: RecordIdentity, plaintext: Buffer): SealedRecord {
  const dataKey = randomBytes(DATA_KEY_BYTES)
  try {
    const ciphertext = encrypt(createSecretKey(dataKey), plaintext, aad('payload', id))
    const wrappedKey = encrypt(ring.current.key, dataKey, aad('data-key', id))
    return { keyId: ring.current.id, wrappedKey, ciphertext }
  } finally {
    dataKey.fill(0)
  }
}

/**
 * Decrypts a record. Throws an `InternalError` (and returns nothing) when either blob was altered,
 * belongs to another record, or its key is not in the ring.
 */
export function open(ring: KeyRing, id: RecordIdentity, sealed: SealedRecord): Buffer {
  const dataKey = unwrapDataKey(ring, id, sealed)
  try {
    return decrypt(createSecretKey(dataKey), sealed.ciphertext, aad('payload', id))
  } catch (cause) {
    throw new InternalError(
      `${describeRecord(id)}: the ciphertext failed authentication (tampered, moved to another record, or wrong key)`,
      { cause },
    )
  } finally {
    dataKey.fill(0)
  }
}

/**
 * Re-wraps a record's data key under the ring's current key; the payload ciphertext is unchanged.
 * The wrapped key is authenticated first, so a tampered or moved data key is never re-wrapped.
 */
export function rewrap(ring: KeyRing, id: RecordIdentity, sealed: SealedRecord): SealedRecord {
  const dataKey = unwrapDataKey(ring, id, sealed)
  try {
    return {
      keyId: ring.current.id,
      wrappedKey: encrypt(ring.current.key, dataKey, aad('data-key', id)),
      ciphertext: sealed.ciphertext,
    }
  } finally {
    dataKey.fill(0)
  }
}
