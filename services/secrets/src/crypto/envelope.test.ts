import { describe, expect, it } from 'vitest'
import { open, rewrap, seal, type RecordIdentity } from './envelope.js'
import { parseKeyRing } from './keyring.js'

const keyA = Buffer.alloc(32, 1).toString('base64')
const keyB = Buffer.alloc(32, 2).toString('base64')
const ringA = parseKeyRing(`a:${keyA}`, 'K')
const ringBA = parseKeyRing(`b:${keyB},a:${keyA}`, 'K')
const inst1: RecordIdentity = { kind: 'configuration', subjectId: 'inst_1' }
const inst2: RecordIdentity = { kind: 'configuration', subjectId: 'inst_2' }
const text = Buffer.from('{"apiKey":"envelope-unit-secret"}')

describe('envelope encryption', () => {
  it('round-trips, with a new data key (and so new ciphertext) on every seal', () => {
    const one = seal(ringA, inst1, text)
    const two = seal(ringA, inst1, text)
    expect(one.keyId).toBe('a')
    expect(open(ringA, inst1, one).toString()).toBe(text.toString())
    expect(one.ciphertext.equals(two.ciphertext)).toBe(false)
    expect(one.wrappedKey.equals(two.wrappedKey)).toBe(false)
    expect(one.ciphertext.includes(Buffer.from('envelope-unit-secret'))).toBe(false)
  })

  it('fails on a flipped byte in either blob', () => {
    const sealed = seal(ringA, inst1, text)
    for (const field of ['ciphertext', 'wrappedKey'] as const) {
      for (const at of [0, 13, sealed[field].length - 1]) {
        const bad = Buffer.from(sealed[field])
        bad[at]! ^= 0x01
        expect(() => open(ringA, inst1, { ...sealed, [field]: bad })).toThrow(/failed authentication/)
      }
    }
  })

  it('fails when the record is moved to another subject or kind', () => {
    const sealed = seal(ringA, inst1, text)
    expect(() => open(ringA, inst2, sealed)).toThrow(/failed authentication/)
    expect(() => open(ringA, { kind: 'integration_secrets', subjectId: 'inst_1' }, sealed)).toThrow(
      /failed authentication/,
    )
    // Only the payload moved: its own wrapped key does not fit it.
    const other = seal(ringA, inst2, text)
    expect(() => open(ringA, inst1, { ...sealed, ciphertext: other.ciphertext })).toThrow(
      /failed authentication/,
    )
  })

  it('names the missing key when the ring does not hold the record key', () => {
    const sealed = seal(ringA, inst1, text)
    const ringB = parseKeyRing(`b:${keyB}`, 'K')
    expect(() => open(ringB, inst1, sealed)).toThrow(/under key "a", which is not in the key ring/)
    // A key id that lies about which key wrapped it fails authentication too.
    expect(() => open(ringBA, inst1, { ...sealed, keyId: 'b' })).toThrow(/failed authentication/)
  })

  it('re-wraps under the current key without touching the payload', () => {
    const sealed = seal(ringA, inst1, text)
    const moved = rewrap(ringBA, inst1, sealed)
    expect(moved.keyId).toBe('b')
    expect(moved.ciphertext.equals(sealed.ciphertext)).toBe(true)
    expect(open(parseKeyRing(`b:${keyB}`, 'K'), inst1, moved).toString()).toBe(text.toString())
  })
})
