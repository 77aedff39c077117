import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodings, newMasterKey, rejection, startHarness, type Harness } from '../testing/harness.js'

const keyA = newMasterKey()
const keyB = newMasterKey()
const keyC = newMasterKey()
const N = 120
const READERS = 4
let h: Harness

/** Every plaintext value this file sends; none may show up in the database or the logs. */
const plaintexts: string[] = []
function plaintext(label: string): string {
  const v = `${label}-${randomBytes(8).toString('hex')}`
  plaintexts.push(v)
  return v
}

/** The records written under key A: half configurations, half integration secrets. */
const records = Array.from({ length: N }, (_, i) =>
  i % 2 === 0
    ? { kind: 'configuration' as const, id: `inst_rot_${i}`, value: plaintext(`rot-cfg-${i}`) }
    : { kind: 'integration_secrets' as const, id: `intg_rot_${i}`, value: plaintext(`rot-secret-${i}`) },
)
type Rec = (typeof records)[number]

async function write(r: Rec) {
  if (r.kind === 'configuration') {
    await h.callers.admin.PutConfiguration({
      installationId: r.id,
      configurationJson: JSON.stringify({ token: r.value }),
      schemaJson: '{"type":"object"}',
    })
  } else {
    await h.callers.admin.PutIntegrationSecrets({ integrationId: r.id, secrets: { TOKEN: r.value } })
  }
}
/** Reads a record as the dispatcher; returns the key id it was under, throws if the value is wrong. */
async function read(r: Rec): Promise<string> {
  if (r.kind === 'configuration') {
    const got = await h.callers.reader.GetConfiguration({ installationId: r.id })
    if (JSON.parse(got.configurationJson).token !== r.value) throw new Error(`wrong value for ${r.id}`)
    return got.keyId
  }
  const got = await h.callers.reader.GetIntegrationSecrets({ integrationId: r.id })
  if (got.secrets.TOKEN !== r.value) throw new Error(`wrong value for ${r.id}`)
  return got.keyId
}
async function keyIds(): Promise<Record<string, number>> {
  const { rows } = await h.sql.query<{ key_id: string; n: number }>(
    'SELECT key_id, count(*)::int AS n FROM secrets.records GROUP BY key_id',
  )
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]))
}

beforeAll(async () => {
  h = await startHarness(`a:${keyA}`, { SECRETS_ROTATE_BATCH_SIZE: '10' })
  await Promise.all(records.map(write))
})
afterAll(() => h?.close())

describe('RotateKey', () => {
  it('re-wraps every record under the new key while reads and writes go on, and every read succeeds', async () => {
    expect(await keyIds()).toEqual({ a: N })
    await h.restart(`b:${keyB},a:${keyA}`)
    expect(h.service.currentKeyId).toBe('b')

    let rotating = true
    const failures: unknown[] = []
    const seenDuringRotation = new Set<string>()
    let reads = 0
    const reader = async (offset: number) => {
      for (let i = offset; rotating; i++) {
        const r = records[i % N]!
        try {
          seenDuringRotation.add(await read(r))
          reads++
        } catch (err) {
          failures.push(err)
        }
      }
    }
    // A writer re-sealing a few records (same value, new data key) under the current key meanwhile.
    const writer = async () => {
      for (let i = 0; rotating; i = (i + 7) % N) await write(records[i]!).catch((err) => failures.push(err))
    }
    const loops = [...Array.from({ length: READERS }, (_, i) => reader(i * 31)), writer()]
    // Let the loops get going first, so the rotation starts with reads in flight.
    await new Promise((r) => setTimeout(r, 30))
    const result = await h.callers.admin.RotateKey({}).finally(() => {
      rotating = false
    })
    await Promise.all(loops)

    expect(failures).toEqual([])
    expect(reads).toBeGreaterThan(N / 2)
    expect(result.keyId).toBe('b')
    // The writer may have re-sealed a few records under b before the rotation reached them.
    expect(result.rewrapped).toBeGreaterThan(N / 2)
    expect(result.rewrapped).toBeLessThanOrEqual(N)
    expect(seenDuringRotation).toEqual(new Set(['a', 'b']))
    expect(await keyIds()).toEqual({ b: N })
    const { entries } = await h.callers.admin.ListAudit({ subjectId: '', limit: 20 })
    expect(entries.find((e) => e.action === 'RotateKey')).toMatchObject({
      caller: 'admin',
      outcome: 'ok',
      detail: `re-wrapped ${result.rewrapped} record(s) under key b`,
    })
  })

  it('leaves nothing under the old key, so it can be removed from the ring', async () => {
    await h.restart(`b:${keyB}`)
    for (const r of records) expect(await read(r)).toBe('b')
    expect(await h.callers.admin.RotateKey({})).toEqual({ keyId: 'b', rewrapped: 0 })
  })

  it('cannot read a record whose key was removed too early, says which key, and recovers when it is back', async () => {
    const r = { kind: 'configuration' as const, id: 'inst_under_c', value: plaintext('under-c') }
    await h.restart(`c:${keyC}`)
    await write(r)
    await h.restart(`b:${keyB}`)
    expect(h.logs.join('')).toMatch(
      /"missing":\{"c":1\}.*records are encrypted under keys that are not in the key ring/,
    )
    const err = await rejection(() => read(r))
    expect(err.code).toBe('Internal')
    expect(await h.callers.admin.ListAudit({ subjectId: r.id, limit: 1 })).toMatchObject({
      entries: [
        { outcome: 'error', detail: expect.stringContaining('under key "c", which is not in the key ring') },
      ],
    })
    // RotateKey stops at it too, rather than skipping it.
    expect((await rejection(() => h.callers.admin.RotateKey({}))).code).toBe('Internal')

    await h.restart(`b:${keyB},c:${keyC}`)
    expect(await h.callers.admin.RotateKey({})).toEqual({ keyId: 'b', rewrapped: 1 })
    expect(await read(r)).toBe('b')
  })

  it('leaves no plaintext or key in the database or the logs', async () => {
    const dump = await h.dump()
    const logs = h.logs.join('')
    for (const value of [...plaintexts.flatMap(encodings), keyA, keyB, keyC]) {
      expect(dump).not.toContain(value)
      expect(logs).not.toContain(value)
    }
  })
})
