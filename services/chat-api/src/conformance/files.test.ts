import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'
import { ConformanceRecorder, formatTable, loadSpec } from './spec.js'
import { withoutTypelessNullable } from './typeless-nullable.js'

/**
 * The Files API conformance suite: every operation of the official spec (`@botpress/api`'s files
 * state) called through the real `@botpress/client` 1.45 against a real chat-api, as a bot and as an
 * integration, each 2xx body checked against the operation's response schema and each error against
 * the error envelope. Prints the table and asserts 15 of 15 implemented and conforming.
 */
const spec = withoutTypelessNullable(loadSpec('files'))
const recorder = new ConformanceRecorder(spec)

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('files-conformance')
  integ = await h.install(bot, await h.createIntegration('webhook'))
  recorder.attach(bot.client)
  recorder.attach(integ.client)
})
afterAll(() => h?.close())

describe('every files operation, through @botpress/client 1.45', () => {
  it('files: upsert (and upload), get, list, update, copy, tags, delete', async () => {
    const c = bot.client
    const up = await c.uploadFile({
      key: 'docs/a.txt',
      content: 'alpha beta',
      tags: { kind: 'doc' },
      index: true,
    })
    await c.upsertFile({ key: 'docs/b.bin', size: 4, accessPolicies: ['public_content'], metadata: { n: 1 } })
    await integ.client.uploadFile({
      key: 'from-integration.txt',
      content: 'x',
      expiresAt: '2999-01-01T00:00:00Z',
    })
    expect((await c.getFile({ id: up.file.id })).file.status).toBe('indexing_completed')
    expect(
      (await c.listFiles({ tags: { kind: 'doc' }, sortField: 'key', sortDirection: 'asc' })).files,
    ).toHaveLength(1)
    await c.listFiles({ indexed: true, ids: [up.file.id] })
    await c.updateFileMetadata({
      id: up.file.id,
      tags: { kind: 'note' },
      metadata: { by: 'test' },
      expiresAt: null,
    })
    const copy = await c.copyFile({ idOrKey: 'docs/a.txt', destinationKey: 'docs/c.txt' })
    expect(
      (await apiError(() => c.copyFile({ idOrKey: up.file.id, destinationKey: 'docs/c.txt' }))).code,
    ).toBe(409)
    expect((await c.listFileTags({})).tags).toContain('kind')
    expect((await c.listFileTagValues({ tag: 'kind' })).values).toEqual(['note'])
    await c.deleteFile({ id: copy.file.id })
    expect((await apiError(() => c.getFile({ id: copy.file.id }))).code).toBe(404)
    expect((await apiError(() => c.upsertFile({ key: 'x', size: -1 }))).code).toBe(400)
  })

  it('passages and search', async () => {
    const c = bot.client
    const { file } = await c.upsertFile({ key: 'manual.pdf', size: 10 })
    await c.setFilePassages({
      id: file.id,
      passages: [{ content: 'Warranty lasts two years' }, { content: 'Returns', type: 'title' }],
    })
    expect((await c.listFilePassages({ id: file.id, limit: 1 })).meta.nextToken).toBeDefined()
    const found = await c.searchFiles({ query: 'warranty', limit: 5, tags: {} })
    expect(found.passages[0]!.file.id).toBe(file.id)
    await integ.client.searchFiles({ query: 'alpha' })
  })

  it('knowledge bases', async () => {
    const c = bot.client
    const { knowledgeBase } = await c.createKnowledgeBase({ name: 'FAQ', tags: { team: 'support' } })
    await c.updateKnowledgeBase({ id: knowledgeBase.id, name: 'FAQ v2', tags: { team: null } })
    expect((await c.listKnowledgeBases({})).knowledgeBases).toHaveLength(1)
    await c.deleteKnowledgeBase({ id: knowledgeBase.id })
    expect((await apiError(() => c.deleteKnowledgeBase({ id: knowledgeBase.id }))).code).toBe(404)
  })
})

describe('the report', () => {
  it('prints the table: 15 of 15 implemented and conforming', () => {
    const rows = recorder.rows()
    console.log(`\n${formatTable(`${spec.title} ${spec.version}`, rows)}\n`)
    expect(recorder.unmatched).toEqual([])
    expect(rows).toHaveLength(15)
    expect(rows.filter((r) => !(r.implemented && r.conforms))).toEqual([])
  })
})
