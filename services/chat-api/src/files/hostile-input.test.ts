import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('files-hostile')
})
afterAll(() => h.close())

const token = (held: unknown) => Buffer.from(JSON.stringify(held)).toString('base64url')

describe('hostile input to the Files API gets a 4xx, never a 500', () => {
  it('stores text holding NUL bytes and says why it was not indexed', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x41, 0, 0, 0, 0, 0, 0, 0])
    const { file } = await bot.client.upsertFile({
      key: 'a.txt',
      size: bytes.length,
      index: true,
      contentType: 'text/plain',
    })
    const res = await fetch(file.uploadUrl, { method: 'PUT', body: bytes })
    expect(res.status).toBe(200)
    const after = (await bot.client.getFile({ id: file.id })).file
    expect(after.status).toBe('indexing_failed')
    expect(after.failedStatusReason).toMatch(/content holds NUL bytes, so it is not text/)
    expect(after.size).toBe(bytes.length)
    const download = await fetch(after.url)
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes)
    expect((await bot.client.listFilePassages({ id: file.id })).passages).toEqual([])
  })

  it('refuses a passage holding NUL and a page number past its integer column, naming the field', async () => {
    const { file } = await bot.client.upsertFile({ key: 'p.pdf', size: 1 })
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ content: 'x', pageNumber: 9007199254740991 }, /passages\.0\.pageNumber/],
      [{ content: 'x', pageNumber: 2147483648 }, /passages\.0\.pageNumber/],
      [{ content: 'a\u0000b' }, /passages\.0\.content: contains a NUL character/],
    ]
    for (const [passage, message] of cases) {
      const err = await apiError(() =>
        bot.client.setFilePassages({ id: file.id, passages: [passage as { content: string }] }),
      )
      expect(err.code).toBe(400)
      expect(err.message).toMatch(message)
    }
    await bot.client.setFilePassages({ id: file.id, passages: [{ content: 'x', pageNumber: 2147483647 }] })
    const { passages } = await bot.client.listFilePassages({ id: file.id })
    expect(passages[0]!.meta).toMatchObject({ pageNumber: 2147483647 })
  })

  it('refuses an offset nextToken the server would not issue on every offset-paged list', async () => {
    const { file } = await bot.client.upsertFile({ key: 'tagged.txt', size: 1, tags: { color: 'red' } })
    const lists: Array<[string, (nextToken: string) => Promise<unknown>]> = [
      ['listFiles', (nextToken) => bot.client.listFiles({ nextToken })],
      ['listFileTags', (nextToken) => bot.client.listFileTags({ nextToken })],
      ['listFileTagValues', (nextToken) => bot.client.listFileTagValues({ tag: 'color', nextToken })],
      ['listKnowledgeBases', (nextToken) => bot.client.listKnowledgeBases({ nextToken })],
      ['listFilePassages', (nextToken) => bot.client.listFilePassages({ id: file.id, nextToken })],
    ]
    for (const [name, list] of lists) {
      for (const o of [1e300, 2 ** 63, 2 ** 53, 2 ** 31, 1.5, -1]) {
        const err = await apiError(() => list(token({ o })))
        expect({ name, o, code: err.code }).toEqual({ name, o, code: 400 })
        expect(err.message).toMatch(/nextToken/)
      }
      await list(token({ o: 0 }))
    }
  })
})
