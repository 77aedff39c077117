import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { ConfigError } from '@switchboard/config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveKeyId, loadKeyRing, parseKeyRing } from './keyring.js'

const keyA = Buffer.alloc(32, 1).toString('base64')
const keyB = Buffer.alloc(32, 2).toString('base64')

function problem(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error('expected a ConfigError')
}
async function asyncProblem(fn: () => Promise<unknown>): Promise<string> {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ConfigError)
  return (err as ConfigError).message
}

describe('parseKeyRing', () => {
  it('takes one base64 key and derives a stable short id from it', () => {
    const ring = parseKeyRing(keyA, 'SWITCHBOARD_MASTER_KEY')
    expect(ring.current.id).toMatch(/^[0-9a-f]{8}$/)
    expect(ring.current.id).toBe(deriveKeyId(Buffer.alloc(32, 1)))
    expect(parseKeyRing(`  ${keyA}\n`, 'X').current.id).toBe(ring.current.id)
  })

  it('takes a ring of id:base64 entries, first is current, all readable by id', () => {
    const ring = parseKeyRing(`b2026:${keyB},a2025:${keyA}`, 'SWITCHBOARD_MASTER_KEY')
    expect(ring.current.id).toBe('b2026')
    expect(ring.all.map((k) => k.id)).toEqual(['b2026', 'a2025'])
    expect(ring.get('a2025')).toBeDefined()
    expect(ring.get('nope')).toBeUndefined()
    // Newlines separate entries too, as in a mounted file; ids may be omitted per entry.
    const mixed = parseKeyRing(`${keyB}\na2025:${keyA}\n`, 'FILE')
    expect(mixed.all.map((k) => k.id)).toEqual([deriveKeyId(Buffer.alloc(32, 2)), 'a2025'])
  })

  it('says a key has the wrong length, without printing it', () => {
    const short = Buffer.alloc(16, 7).toString('base64')
    const msg = problem(() => parseKeyRing(short, 'SWITCHBOARD_MASTER_KEY'))
    expect(msg).toContain(
      'SWITCHBOARD_MASTER_KEY: key 1 is 16 bytes after base64 decoding; it must be exactly 32',
    )
    expect(msg).not.toContain(short)
  })

  it('says a key is not base64, naming which one, without printing it', () => {
    const msg = problem(() => parseKeyRing(`good:${keyA},bad:this-is-not-base64!!`, 'SWITCHBOARD_MASTER_KEY'))
    expect(msg).toContain('SWITCHBOARD_MASTER_KEY: key 2 ("bad") is not base64')
    expect(msg).not.toContain('this-is-not-base64')
    expect(msg).not.toContain(keyA)
  })

  it('refuses an empty value, a bad id and a duplicate id', () => {
    expect(problem(() => parseKeyRing(' , \n', 'SWITCHBOARD_MASTER_KEY'))).toContain(
      'SWITCHBOARD_MASTER_KEY is empty',
    )
    expect(problem(() => parseKeyRing(`has space:${keyA}`, 'K'))).toContain('key 1 has an invalid id')
    expect(problem(() => parseKeyRing(`k:${keyA},k:${keyB}`, 'K'))).toContain(
      'key id "k" appears more than once',
    )
  })

  it('keeps key material out of what the ring prints if it is ever logged', () => {
    const ring = parseKeyRing(keyA, 'K')
    const printed = inspect(ring, { depth: 5 }) + JSON.stringify(ring)
    expect(printed).not.toContain(keyA)
    expect(printed).not.toContain(Buffer.alloc(32, 1).toString('hex'))
    expect(ring.current.key.symmetricKeySize).toBe(32)
  })
})

describe('loadKeyRing', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-keys-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('says when neither variable is set', async () => {
    expect(await asyncProblem(() => loadKeyRing({}))).toContain(
      'neither SWITCHBOARD_MASTER_KEY nor SWITCHBOARD_MASTER_KEY_FILE is set',
    )
  })

  it('says when both are set', async () => {
    const msg = await asyncProblem(() =>
      loadKeyRing({ SWITCHBOARD_MASTER_KEY: keyA, SWITCHBOARD_MASTER_KEY_FILE: join(dir, 'k') }),
    )
    expect(msg).toContain('both set')
    expect(msg).not.toContain(keyA)
  })

  it('reads a mounted key file (trailing newline and all), and names the file when it is bad', async () => {
    const file = join(dir, 'master-key')
    await writeFile(file, `current:${keyB}\nold:${keyA}\n`)
    const ring = await loadKeyRing({ SWITCHBOARD_MASTER_KEY_FILE: file })
    expect(ring.all.map((k) => k.id)).toEqual(['current', 'old'])

    await writeFile(file, Buffer.alloc(31).toString('base64'))
    expect(await asyncProblem(() => loadKeyRing({ SWITCHBOARD_MASTER_KEY_FILE: file }))).toContain(
      `SWITCHBOARD_MASTER_KEY_FILE (${file}): key 1 is 31 bytes`,
    )
    expect(
      await asyncProblem(() => loadKeyRing({ SWITCHBOARD_MASTER_KEY_FILE: join(dir, 'missing') })),
    ).toMatch(/cannot read the file \(ENOENT\)/)
  })
})
