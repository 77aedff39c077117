import { createHash, randomBytes } from 'node:crypto'
import { Client } from '@botpress/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'
import { sweepFiles } from './maintenance.js'

let h: Harness
let botA: Awaited<ReturnType<Harness['createBot']>>
let botB: Awaited<ReturnType<Harness['createBot']>>
let integA: Awaited<ReturnType<Harness['install']>>
const MAX_FILE = 6 * 1024 * 1024

beforeAll(async () => {
  h = await startHarness({
    FILES_MAX_FILE_BYTES: String(MAX_FILE),
    FILES_MAX_BYTES_PER_BOT: String(40 * 1024 * 1024),
  })
  botA = await h.createBot('files-a')
  botB = await h.createBot('files-b')
  integA = await h.install(botA, await h.createIntegration('webhook'))
})
afterAll(() => h.close())

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

async function download(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers })
  return {
    status: res.status,
    body: new Uint8Array(await res.arrayBuffer()),
    type: res.headers.get('content-type'),
  }
}

describe('uploadFile and download through @botpress/client', () => {
  it('uploads 5 MB with uploadFile and downloads it byte for byte through its URL', async () => {
    const content = randomBytes(5 * 1024 * 1024)
    const { file } = await botA.client.uploadFile({
      key: 'media/big.bin',
      content,
      contentType: 'application/octet-stream',
    })
    expect(file.size).toBe(content.byteLength)
    const got = await botA.client.getFile({ id: file.id })
    expect(got.file.status).toBe('upload_completed')
    expect(got.file.size).toBe(content.byteLength)
    const res = await download(got.file.url)
    expect(res.status).toBe(200)
    expect(res.body.byteLength).toBe(content.byteLength)
    expect(sha(res.body)).toBe(sha(content))
  })

  it('serves a public file without a token, and refuses a private one without a token or valid signature', async () => {
    const pub = await botA.client.uploadFile({
      key: 'public.txt',
      content: 'hello world',
      accessPolicies: ['public_content'],
    })
    expect(pub.file.url).not.toContain('sig=')
    const p = await download(pub.file.url)
    expect(p.status).toBe(200)
    expect(Buffer.from(p.body).toString()).toBe('hello world')
    expect(p.type).toBe('text/plain')

    const priv = await botA.client.uploadFile({ key: 'private.txt', content: 'secret words' })
    const bare = priv.file.url.split('?')[0]!
    const anonymous = await download(bare)
    expect(anonymous.status).toBe(401)
    expect(Buffer.from(anonymous.body).toString()).not.toContain('secret words')
    const tampered = await download(priv.file.url.replace(/sig=[^&]+/, 'sig=AAAA'))
    expect(tampered.status).toBe(403)
    const signed = await download(priv.file.url)
    expect(Buffer.from(signed.body).toString()).toBe('secret words')
    const withToken = await download(bare, { authorization: `Bearer ${botA.token}`, 'x-bot-id': botA.id })
    expect(Buffer.from(withToken.body).toString()).toBe('secret words')
    // the signature of another private file, or a pushed-back expiry, does not open this one
    const other = await botA.client.uploadFile({ key: 'other.txt', content: 'other' })
    expect((await download(bare + new URL(other.file.url).search)).status).toBe(403)
    const extended = bare + new URL(priv.file.url).search.replace(/exp=\d+/, 'exp=9999999999')
    expect((await download(extended)).status).toBe(403)
  })

  it('replaces content on a second upsert of the same key; a stale upload URL is refused', async () => {
    const first = await botA.client.upsertFile({ key: 'doc.txt', size: 3 })
    const second = await botA.client.uploadFile({ key: 'doc.txt', content: 'v2!' })
    expect(second.file.id).toBe(first.file.id)
    const stale = await fetch(first.file.uploadUrl, { method: 'PUT', body: 'v1!' })
    expect(stale.status).toBe(409)
    expect(
      Buffer.from(
        (await download((await botA.client.getFile({ id: first.file.id })).file.url)).body,
      ).toString(),
    ).toBe('v2!')
  })
})

describe('limits: a clear 4xx and nothing written', () => {
  it('refuses metadata over 128 KiB at upsertFile and updateFileMetadata (400 naming the field)', async () => {
    const big = { note: 'x'.repeat(128 * 1024) }
    const err = await apiError(() => botA.client.upsertFile({ key: 'meta.txt', size: 1, metadata: big }))
    expect(err.code).toBe(400)
    expect(err.message).toBe('body.metadata: larger than 128 KiB (131072 bytes) as JSON')
    expect((await botA.client.listFiles({})).files.map((f) => f.key)).not.toContain('meta.txt')
    const { file } = await botA.client.upsertFile({ key: 'meta.txt', size: 1, metadata: { note: 'small' } })
    const upd = await apiError(() => botA.client.updateFileMetadata({ id: file.id, metadata: big }))
    expect(upd.code).toBe(400)
    expect(upd.message).toBe('body.metadata: larger than 128 KiB (131072 bytes) as JSON')
    expect((await botA.client.getFile({ id: file.id })).file.metadata).toEqual({ note: 'small' })
  })

  it('refuses a file over the size limit at upsertFile (413 naming the limit)', async () => {
    const err = await apiError(() => botA.client.upsertFile({ key: 'huge.bin', size: MAX_FILE + 1 }))
    expect(err.code).toBe(413)
    expect(err.message).toContain(`${MAX_FILE} bytes`)
    expect((await botA.client.listFiles({})).files.map((f) => f.key)).not.toContain('huge.bin')
  })

  it('refuses more content than declared (413) and keeps no content', async () => {
    const { file } = await botA.client.upsertFile({ key: 'small.bin', size: 10 })
    const res = await fetch(file.uploadUrl, { method: 'PUT', body: randomBytes(64 * 1024) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { message: string }).message).toMatch(/larger than the 10 bytes declared/)
    // a large body over the declared size is refused from its Content-Length, before it is read
    const big = await fetch(file.uploadUrl, { method: 'PUT', body: randomBytes(5 * 1024 * 1024) })
    expect(big.status).toBe(413)
    // without a Content-Length (chunked), the stream is cut at the limit and nothing is kept
    const chunks = Array.from({ length: 16 }, () => randomBytes(64 * 1024))
    const chunked = await fetch(file.uploadUrl, {
      method: 'PUT',
      body: new ReadableStream({
        pull(c) {
          const next = chunks.shift()
          if (next) c.enqueue(next)
          else c.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    const after = await botA.client.getFile({ id: file.id })
    expect(after.file.status).toBe('upload_pending')
    expect((await download(after.file.url)).status).toBe(404)
    const { rows } = await h.api.pool.query(
      `SELECT count(*)::int AS n FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.blob_id = b.id)`,
    )
    expect(rows[0].n).toBe(0)
  })

  it('refuses a bad upsert body naming the field', async () => {
    const err = await apiError(() => botA.client.upsertFile({ key: '', size: -1 }))
    expect(err.code).toBe(400)
    expect(err.message).toMatch(/body\.key/)
  })

  it('enforces the per-bot storage quota with 403', async () => {
    const err = await apiError(() =>
      botB.client
        .upsertFile({ key: 'q.bin', size: 5 * 1024 * 1024 })
        .then(() =>
          Promise.all(
            Array.from({ length: 8 }, (_, i) =>
              botB.client.upsertFile({ key: `q${i}.bin`, size: 5 * 1024 * 1024 }),
            ),
          ),
        ),
    )
    expect(err.code).toBe(403)
    expect(err.message).toMatch(/quota exceeded/)
  })
})

describe('expiry', () => {
  it('an expired file is gone for everyone, and its key can be used again', async () => {
    const { file } = await botA.client.uploadFile({
      key: 'soon-gone.txt',
      content: 'tmp',
      expiresAt: '2000-01-01T00:00:00Z',
    })
    expect((await apiError(() => botA.client.getFile({ id: file.id }))).code).toBe(404)
    expect((await download(file.url)).status).toBe(404)
    expect((await botA.client.listFiles({})).files.map((f) => f.key)).not.toContain('soon-gone.txt')
    const again = await botA.client.uploadFile({ key: 'soon-gone.txt', content: 'back' })
    expect(Buffer.from((await download(again.file.url)).body).toString()).toBe('back')
  })

  it('the sweep deletes expired files with their content, and content no file refers to', async () => {
    const { file } = await botA.client.uploadFile({
      key: 'expired.txt',
      content: 'old',
      expiresAt: '2000-01-01T00:00:00Z',
    })
    const { rows: before } = await h.api.pool.query(`SELECT blob_id FROM files WHERE id = $1`, [file.id])
    await h.api.pool.query(
      `INSERT INTO blobs (id, size, sha256, created_at) VALUES ('blob_orphan', 0, '', now() - interval '2 hours'),
         ('blob_fresh', 0, '', now())`,
    )
    const swept = await sweepFiles(h.api.pool)
    expect(swept.files).toBeGreaterThanOrEqual(1)
    const { rows } = await h.api.pool.query(
      `SELECT (SELECT count(*)::int FROM files WHERE id = $1) AS file, array_agg(id ORDER BY id) AS blobs
         FROM blobs WHERE id = ANY ($2::text[])`,
      [file.id, [before[0].blob_id, 'blob_orphan', 'blob_fresh']],
    )
    expect(rows[0]).toEqual({ file: 0, blobs: ['blob_fresh'] })
    await h.api.pool.query(`DELETE FROM blobs WHERE id = 'blob_fresh'`)
  })
})

describe('tenancy', () => {
  it("bot B cannot read, list, download, copy or delete bot A's files", async () => {
    const { file } = await botA.client.uploadFile({
      key: 'a-only.txt',
      content: 'private to A',
      tags: { owner: 'a' },
    })
    expect((await apiError(() => botB.client.getFile({ id: file.id }))).code).toBe(404)
    expect((await botB.client.listFiles({ tags: { owner: 'a' } })).files).toEqual([])
    expect((await apiError(() => botB.client.deleteFile({ id: file.id }))).code).toBe(404)
    expect(
      (await apiError(() => botB.client.copyFile({ idOrKey: file.id, destinationKey: 'stolen' }))).code,
    ).toBe(404)
    const viaB = await download(file.url.split('?')[0]!, {
      authorization: `Bearer ${botB.token}`,
      'x-bot-id': botB.id,
    })
    expect(viaB.status).toBe(404)
    const impostor = new Client({ apiUrl: h.apiUrl, botId: botA.id, token: botB.token })
    expect((await apiError(() => impostor.getFile({ id: file.id }))).code).toBe(403)
    expect((await botA.client.getFile({ id: file.id })).file.key).toBe('a-only.txt')
  })

  it("an integration sees its own files and the bot's files shared with integrations", async () => {
    const own = await integA.client.uploadFile({ key: 'from-integration.txt', content: 'x' })
    expect(own.file.owner).toMatchObject({ type: 'integration', name: 'webhook' })
    const hidden = await botA.client.uploadFile({ key: 'bot-only.txt', content: 'y' })
    const shared = await botA.client.uploadFile({
      key: 'shared.txt',
      content: 'z',
      accessPolicies: ['integrations'],
    })
    expect((await apiError(() => integA.client.getFile({ id: hidden.file.id }))).code).toBe(404)
    expect((await integA.client.getFile({ id: shared.file.id })).file.key).toBe('shared.txt')
    expect((await apiError(() => integA.client.deleteFile({ id: shared.file.id }))).code).toBe(403)
    expect((await botA.client.getFile({ id: own.file.id })).file.key).toBe('from-integration.txt')
  })
})

describe('metadata, listing, copy, passages, search, knowledge bases', () => {
  it('lists by tags, updates metadata, copies with content, lists tags and values', async () => {
    const a = await botA.client.uploadFile({
      key: 'kb/one.md',
      content: 'one',
      tags: { kb: 'faq', lang: 'en' },
    })
    await botA.client.uploadFile({ key: 'kb/two.md', content: 'two', tags: { kb: 'faq', lang: 'fr' } })
    const faqEn = await botA.client.listFiles({ tags: { kb: 'faq', lang: 'en' } })
    expect(faqEn.files.map((f) => f.key)).toEqual(['kb/one.md'])
    const updated = await botA.client.updateFileMetadata({
      id: a.file.id,
      tags: { lang: null, extra: 'y' },
      metadata: { source: 'test' },
    })
    expect(updated.file.tags).toEqual({ kb: 'faq', extra: 'y' })
    expect(updated.file.metadata).toEqual({ source: 'test' })
    const copy = await botA.client.copyFile({ idOrKey: 'kb/one.md', destinationKey: 'kb/copy.md' })
    expect(Buffer.from((await download(copy.file.url)).body).toString()).toBe('one')
    expect(
      (await apiError(() => botA.client.copyFile({ idOrKey: a.file.id, destinationKey: 'kb/copy.md' }))).code,
    ).toBe(409)
    expect((await botA.client.listFileTags({})).tags).toEqual(expect.arrayContaining(['kb', 'extra']))
    expect((await botA.client.listFileTagValues({ tag: 'lang' })).values).toEqual(['fr'])
  })

  it('indexes text files, ranks searchFiles by full-text relevance, and takes passages from the caller', async () => {
    await botA.client.uploadFile({
      key: 'guide.md',
      index: true,
      content:
        'Refunds are issued within 14 days.\n\nShipping takes three days to Europe.\n\nRefund refund requests need an order number.',
    })
    const guide = (await botA.client.listFiles({})).files.find((f) => f.key === 'guide.md')!
    expect(guide.status).toBe('indexing_completed')
    const found = await botA.client.searchFiles({ query: 'refund' })
    expect(found.passages.length).toBe(2)
    expect(found.passages[0]!.content).toContain('Refund refund requests')
    expect(found.passages[0]!.score).toBeGreaterThan(found.passages[1]!.score)
    expect((await botB.client.searchFiles({ query: 'refund' })).passages).toEqual([])

    const { file } = await botA.client.upsertFile({ key: 'manual.pdf', size: 1 })
    await botA.client.setFilePassages({
      id: file.id,
      passages: [{ content: 'Warranty lasts two years', pageNumber: 3 }],
    })
    const listed = await botA.client.listFilePassages({ id: file.id })
    expect(listed.passages).toEqual([
      expect.objectContaining({
        content: 'Warranty lasts two years',
        meta: expect.objectContaining({ pageNumber: 3 }),
      }),
    ])
    expect((await botA.client.searchFiles({ query: 'warranty years' })).passages[0]!.file.key).toBe(
      'manual.pdf',
    )
  })

  it('creates, updates, lists and deletes knowledge bases per bot', async () => {
    const { knowledgeBase } = await botA.client.createKnowledgeBase({
      name: 'FAQ',
      tags: { team: 'support' },
    })
    const up = await botA.client.updateKnowledgeBase({
      id: knowledgeBase.id,
      name: 'FAQ 2',
      tags: { team: null, v: '2' },
    })
    expect(up.knowledgeBase).toEqual({ id: knowledgeBase.id, name: 'FAQ 2', tags: { v: '2' } })
    expect((await botA.client.listKnowledgeBases({})).knowledgeBases.map((k) => k.name)).toEqual(['FAQ 2'])
    expect((await botB.client.listKnowledgeBases({})).knowledgeBases).toEqual([])
    expect((await apiError(() => botB.client.deleteKnowledgeBase({ id: knowledgeBase.id }))).code).toBe(404)
    await botA.client.deleteKnowledgeBase({ id: knowledgeBase.id })
    expect((await botA.client.listKnowledgeBases({})).knowledgeBases).toEqual([])
  })
})
