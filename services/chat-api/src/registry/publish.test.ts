import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { gzipSync } from 'node:zlib'
import { InvalidInputError, UnavailableError } from '@switchboard/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TEST_DEFINITION, type Harness } from '../testing/index.js'

/** ApplyIntegration: publishing a version with the definition validated and compared with the stored one. */
describe('ApplyIntegration', () => {
  let chat: Harness
  let server: Server
  let base: string
  const bundle = 'exports.default = { handler: async () => ({ status: 200 }) }\n'
  const gz = gzipSync(bundle)
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

  beforeAll(async () => {
    chat = await startHarness()
    server = createServer((req, res) => {
      if (req.url === '/bundle.cjs.gz') return void res.writeHead(200).end(gz)
      res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(async () => {
    await new Promise((r) => server?.close(r))
    await chat?.close()
  })

  const apply = (
    over: { definition?: unknown; url?: string; sha256?: string; idempotencyKey?: string } = {},
  ) =>
    chat.admin.ApplyIntegration({
      definitionJson: JSON.stringify(over.definition ?? { ...TEST_DEFINITION, name: 'pub' }),
      bundle: Buffer.alloc(0),
      bundleSource: { url: over.url ?? `${base}/bundle.cjs.gz`, sha256: over.sha256 ?? sha(gz) },
      webhook: { idempotencyKey: over.idempotencyKey ?? '', syncTimeoutMs: 0 },
    })

  it('downloads a URL bundle, checks its sha256, and writes nothing when nothing changed', async () => {
    const first = await apply()
    expect(first).toMatchObject({ created: true, changes: [] })
    expect(first.integration).toMatchObject({ name: 'pub', version: '1.0.0', bundleSha256: sha(bundle) })
    const stored = await chat.admin.GetBundle({ sha256: sha(bundle) })
    expect(stored.content.toString()).toBe(bundle)

    const again = await apply()
    expect(again).toMatchObject({ created: false, changes: [] })
    expect(again.integration!.updatedAt).toBe(first.integration!.updatedAt)
    expect(await apply({ idempotencyKey: 'header:X-Id' })).toMatchObject({ changes: ['webhook'] })
    const def = { ...TEST_DEFINITION, name: 'pub', events: { other: {} } }
    expect(await apply({ definition: def, idempotencyKey: 'header:X-Id' })).toMatchObject({
      changes: ['definition'],
    })
  })

  it('refuses a bundle whose sha256 differs, a URL that does not answer, and a definition it cannot use', async () => {
    await expect(
      apply({ definition: { ...TEST_DEFINITION, name: 'pub2' }, sha256: 'ab'.repeat(32) }),
    ).rejects.toThrow(/bundleSource\.sha256: .* has sha256 [0-9a-f]{64}, expected abab/)
    const missing = await apply({
      definition: { ...TEST_DEFINITION, name: 'pub2' },
      url: `${base}/nothing`,
    }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(UnavailableError)
    expect((missing as Error).message).toMatch(/bundleSource\.url: .* answered 404/)
    const noVersion = { ...TEST_DEFINITION, name: 'pub2', version: undefined }
    await expect(apply({ definition: noVersion })).rejects.toThrow(
      /definitionJson: needs a name and a version/,
    )
    const badSchema = { ...TEST_DEFINITION, name: 'pub2', configuration: { schema: { type: 'nope' } } }
    const err = await apply({ definition: badSchema }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect((err as Error).message).toMatch(/definition\.configuration\.schema: not a usable JSON Schema/)
  })
})
