import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '@switchboard/testing'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let botA: Awaited<ReturnType<Harness['createBot']>>
let botB: Awaited<ReturnType<Harness['createBot']>>

const CITIES = ['Paris', 'Oslo', 'Lima', 'Kyoto', 'Accra']
/** The 10,000 rows of the people table, as the test computes them. */
const people = Array.from({ length: 10_000 }, (_, i) => ({
  name: `user-${i}`,
  age: (i * 7) % 90,
  city: CITIES[i % CITIES.length]!,
  score: (i * 13) % 100,
  active: i % 3 !== 0,
}))
type Person = (typeof people)[number]

const SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', 'x-zui': { searchable: true } },
    age: { type: 'number' },
    city: { type: 'string' },
    score: { type: 'number' },
    active: { type: 'boolean' },
  },
  required: ['name'],
}

beforeAll(async () => {
  h = await startHarness({ TABLES_MAX_ROWS_PER_BOT: '20000', TABLES_MAX_PER_BOT: '10' })
  botA = await h.createBot('tables-a')
  botB = await h.createBot('tables-b')
  await botA.client.createTable({ name: 'peopleTable', schema: SCHEMA })
  for (let i = 0; i < people.length; i += 1000)
    await botA.client.createTableRows({ table: 'peopleTable', rows: people.slice(i, i + 1000) })
}, 60_000)
afterAll(() => h.close())

/** Every row findTableRows returns for `filter`, paged through. */
async function findAll(filter: Record<string, unknown>) {
  const out: Array<Record<string, unknown>> = []
  for (let offset = 0; ; offset += 1000) {
    const r = await botA.client.findTableRows({ table: 'peopleTable', filter, limit: 1000, offset })
    out.push(...r.rows)
    if (!r.hasMore) return out
  }
}

describe('findTableRows on 10,000 rows', () => {
  it('returns exactly the rows a compound filter selects when computed here', async () => {
    const filter = {
      $and: [
        { age: { $gte: 30, $lt: 70 } },
        { $or: [{ city: { $in: ['Paris', 'Oslo'] } }, { score: { $lt: 10 } }] },
        { active: true },
      ],
      name: { $nin: ['user-10', 'user-11'] },
      $not: { score: { $gt: 95 } },
    }
    const expected = people
      .filter(
        (p: Person) =>
          p.age >= 30 &&
          p.age < 70 &&
          (['Paris', 'Oslo'].includes(p.city) || p.score < 10) &&
          p.active &&
          !['user-10', 'user-11'].includes(p.name) &&
          !(p.score > 95),
      )
      .map((p) => p.name)
    expect(expected.length).toBeGreaterThan(1000)
    const got = await findAll(filter)
    expect(got.map((r) => r.name)).toEqual(expected)
    expect(got[0]).toMatchObject({
      id: expect.any(Number),
      createdAt: expect.any(String),
      city: expect.any(String),
    })
  })

  it('sorts, pages, selects columns and searches', async () => {
    const r = await botA.client.findTableRows({
      table: 'peopleTable',
      filter: { city: 'Kyoto' },
      orderBy: 'score',
      orderDirection: 'desc',
      limit: 3,
      offset: 1,
      select: ['name', 'score'],
    })
    const expected = people
      .map((p, i) => ({ ...p, id: i + 1 }))
      .filter((p) => p.city === 'Kyoto')
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice(1, 4)
    expect(r.rows.map((x) => [x.name, x.score])).toEqual(expected.map((p) => [p.name, p.score]))
    expect(r.rows[0]).not.toHaveProperty('city')
    expect(r.hasMore).toBe(true)
    const s = await botA.client.findTableRows({ table: 'peopleTable', search: 'user-4242' })
    expect(s.rows[0]!.name).toBe('user-4242')
    expect(s.rows[0]!.similarity).toBeGreaterThan(0)
  })

  it('treats SQL injection in values as data and in names as unknown columns', async () => {
    await botA.client.createTableRows({ table: 'peopleTable', rows: [{ name: "x' OR '1'='1", age: 1 }] })
    const hostile = await botA.client.findTableRows({
      table: 'peopleTable',
      filter: { name: "x' OR '1'='1" },
    })
    expect(hostile.rows.map((r) => r.name)).toEqual(["x' OR '1'='1"])
    const none = await botA.client.findTableRows({
      table: 'peopleTable',
      filter: { name: { $eq: "' OR 1=1; --" } },
    })
    expect(none.rows).toEqual([])
    const regex = await botA.client.findTableRows({
      table: 'peopleTable',
      filter: { city: { $regex: "'; DROP TABLE x; --" } },
    })
    expect(regex.rows).toEqual([])
    const badColumn = await apiError(() =>
      botA.client.findTableRows({ table: 'peopleTable', filter: { 'name" = name OR 1=1 --': 'x' } }),
    )
    expect(badColumn.code).toBe(400)
    expect(badColumn.message).toMatch(/no column/)
    const badOrder = await apiError(() =>
      botA.client.findTableRows({ table: 'peopleTable', orderBy: 'id; DROP TABLE user_tables' }),
    )
    expect(badOrder.code).toBe(400)
    expect((await botA.client.getTable({ table: 'peopleTable' })).rows).toBe(10_001)
    await botA.client.deleteTableRows({ table: 'peopleTable', filter: { age: 1, name: "x' OR '1'='1" } })
  })

  it('refuses bad filters with a 400 naming the problem', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ age: { $between: [1, 2] } }, /filter\.age\.\$between: unknown operator/],
      [{ age: { $gt: 'old' } }, /filter\.age\.\$gt: expected a number/],
      [{ $or: [] }, /filter\.\$or: must be a non-empty array/],
      [{ $where: 'sleep(10)' }, /filter\.\$where: unknown operator/],
      [{ active: { $gt: true } }, /\$gt does not apply to a boolean column/],
    ]
    for (const [filter, message] of cases) {
      const err = await apiError(() => botA.client.findTableRows({ table: 'peopleTable', filter }))
      expect(err.code).toBe(400)
      expect(err.message).toMatch(message)
    }
  })
})

describe('writes', () => {
  it('upserts by key column: changes the right row and inserts the new one', async () => {
    await botA.client.createTable({
      name: 'stockTable',
      keyColumn: 'sku',
      schema: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } } },
    })
    const created = await botA.client.createTableRows({
      table: 'stockTable',
      rows: Array.from({ length: 100 }, (_, i) => ({ sku: `sku-${i}`, qty: i })),
    })
    const target = created.rows.find((r) => r.sku === 'sku-42')!
    const r = await botA.client.upsertTableRows({
      table: 'stockTable',
      keyColumn: 'sku',
      rows: [
        { sku: 'sku-42', qty: 999 },
        { sku: 'sku-new', qty: 1 },
      ],
    })
    expect(r.updated.map((x) => [x.id, x.sku, x.qty])).toEqual([[target.id, 'sku-42', 999]])
    expect(r.inserted.map((x) => [x.sku, x.qty])).toEqual([['sku-new', 1]])
    const all = await botA.client.findTableRows({ table: 'stockTable', limit: 1000 })
    expect(all.rows).toHaveLength(101)
    for (const row of all.rows) {
      const i = Number(String(row.sku).slice(4))
      if (row.sku === 'sku-42') expect(row.qty).toBe(999)
      else if (row.sku !== 'sku-new') expect(row.qty).toBe(i)
    }
    const dup = await apiError(() =>
      botA.client.createTableRows({ table: 'stockTable', rows: [{ sku: 'sku-1', qty: 0 }] }),
    )
    expect(dup.code).toBe(409)
  })

  it('refuses rows that break the schema with a 400 naming row and column, writing nothing', async () => {
    const before = (await botA.client.getTable({ table: 'peopleTable' })).rows
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ name: 'ok', age: 'forty' }, /body\.rows\[1\]\.age: expected a number, got string/],
      [{ name: 'ok', nickname: 'x' }, /body\.rows\[1\]\.nickname: the table has no column/],
      [{ age: 3 }, /body\.rows\[1\]\.name: required column is missing/],
      [{ name: 'x'.repeat(5000) }, /body\.rows\[1\]: row is \d+ bytes, over the table's limit of 4096 bytes/],
    ]
    for (const [bad, message] of cases) {
      const err = await apiError(() =>
        botA.client.createTableRows({ table: 'peopleTable', rows: [{ name: 'fine' }, bad] }),
      )
      expect([400, 413]).toContain(err.code)
      expect(err.message).toMatch(message)
    }
    expect((await botA.client.getTable({ table: 'peopleTable' })).rows).toBe(before)
    expect(
      (await botA.client.findTableRows({ table: 'peopleTable', filter: { name: 'fine' } })).rows,
    ).toEqual([])
  })

  it('updates and deletes rows, gets one row, 404s a missing id without changing anything', async () => {
    const { rows } = await botA.client.createTableRows({
      table: 'stockTable',
      rows: [{ sku: 'tmp-1', qty: 5 }],
    })
    const id = rows[0]!.id
    const up = await botA.client.updateTableRows({ table: 'stockTable', rows: [{ id, qty: 6 }] })
    expect(up.rows[0]).toMatchObject({ id, sku: 'tmp-1', qty: 6 })
    const missing = await apiError(() =>
      botA.client.updateTableRows({
        table: 'stockTable',
        rows: [
          { id, qty: 7 },
          { id: 999_999, qty: 1 },
        ],
      }),
    )
    expect(missing.code).toBe(404)
    expect((await botA.client.getTableRow({ table: 'stockTable', id })).row.qty).toBe(6)
    expect((await botA.client.deleteTableRows({ table: 'stockTable', ids: [id] })).deletedRows).toBe(1)
    expect((await apiError(() => botA.client.getTableRow({ table: 'stockTable', id }))).code).toBe(404)
  })
})

describe('tables', () => {
  it('renames a column keeping its data, duplicates a table, updates the schema', async () => {
    const { table } = await botA.client.getOrCreateTable({
      table: 'notesTable',
      schema: {
        type: 'object',
        properties: { body: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
      },
    })
    const again = await botA.client.getOrCreateTable({
      table: 'notesTable',
      schema: { type: 'object', properties: {} },
    })
    expect(again.created).toBe(false)
    expect(again.table.id).toBe(table.id)
    await botA.client.createTableRows({
      table: 'notesTable',
      rows: [{ body: 'hello', at: '2026-01-02T03:04:05.000Z' }],
    })
    const renamed = await botA.client.renameTableColumn({
      table: 'notesTable',
      name: 'body',
      newName: 'text',
    })
    expect(Object.keys(renamed.table.schema.properties)).toEqual(['text', 'at'])
    const found = await botA.client.findTableRows({
      table: 'notesTable',
      filter: { at: { $gt: '2026-01-01T00:00:00Z' } },
    })
    expect(found.rows.map((r) => [r.text, r.at])).toEqual([['hello', '2026-01-02T03:04:05.000Z']])
    const dup = await botA.client.duplicateTable({ sourceTableId: table.id, tableName: 'notesCopyTable' })
    expect(dup.rows).toBe(1)
    const copied = await botA.client.findTableRows({ table: 'notesCopyTable' })
    expect(copied.rows.map((r) => r.text)).toEqual(['hello'])
    await botA.client.createTableRows({ table: 'notesCopyTable', rows: [{ text: 'second' }] })
    expect((await botA.client.findTableRows({ table: 'notesTable' })).rows).toHaveLength(1)
    const updated = await botA.client.updateTable({
      table: 'notesCopyTable',
      schema: { type: 'object', properties: { text: { type: 'string' }, tags: { type: 'array' } } },
    })
    expect(Object.keys(updated.table.schema.properties)).toEqual(['text', 'tags'])
    const typeChange = await apiError(() =>
      botA.client.updateTable({
        table: 'notesCopyTable',
        schema: { type: 'object', properties: { text: { type: 'number' } } },
      }),
    )
    expect(typeChange.code).toBe(400)
    expect((await botA.client.listTables({})).tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['peopleTable', 'stockTable', 'notesTable', 'notesCopyTable']),
    )
    await botA.client.deleteTable({ table: 'notesCopyTable' })
    expect((await apiError(() => botA.client.getTable({ table: 'notesCopyTable' }))).code).toBe(404)
  })

  it('exports to a file and imports it back as jobs that getTableJobs reports', async () => {
    const { job } = await botA.client.exportTable({ table: 'stockTable', format: 'json', compress: true })
    expect(job.type).toBe('export')
    const done = await waitFor('export job', async () => {
      const { jobs } = await botA.client.getTableJobs({ table: 'stockTable' })
      return jobs.find((j) => j.id === job.id && j.status === 'completed')
    })
    expect(done.outputFileId).toBeTruthy()
    await botA.client.createTable({
      name: 'stockCopyTable',
      schema: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } } },
    })
    const imp = await botA.client.importTable({ table: 'stockCopyTable', fileId: done.outputFileId! })
    await waitFor('import job', async () => {
      const { jobs } = await botA.client.getTableJobs({ table: 'stockCopyTable' })
      return jobs.find((j) => j.id === imp.job.id && j.status === 'completed')
    })
    const copy = await botA.client.findTableRows({ table: 'stockCopyTable', limit: 1000, orderBy: 'sku' })
    const source = await botA.client.findTableRows({ table: 'stockTable', limit: 1000, orderBy: 'sku' })
    expect(copy.rows.map((r) => [r.sku, r.qty])).toEqual(source.rows.map((r) => [r.sku, r.qty]))

    const csv = await botA.client.uploadFile({ key: 'stock.csv', content: 'sku,qty\r\n"a,b",3\r\nc,x\r\n' })
    const bad = await botA.client.importTable({ table: 'stockCopyTable', fileId: csv.file.id })
    await waitFor('failed import', async () => {
      const { jobs } = await botA.client.getTableJobs({ table: 'stockCopyTable' })
      return jobs.find((j) => j.id === bad.job.id && j.status === 'failed')
    })
    expect((await botA.client.getTable({ table: 'stockCopyTable' })).rows).toBe(source.rows.length)
  })
})

describe('tenancy and quotas', () => {
  it("bot B cannot read or write bot A's tables", async () => {
    const t = await botA.client.getTable({ table: 'peopleTable' })
    for (const table of ['peopleTable', t.table.id]) {
      expect((await apiError(() => botB.client.getTable({ table }))).code).toBe(404)
      expect((await apiError(() => botB.client.findTableRows({ table }))).code).toBe(404)
      expect((await apiError(() => botB.client.createTableRows({ table, rows: [{ name: 'x' }] }))).code).toBe(
        404,
      )
      expect((await apiError(() => botB.client.deleteTableRows({ table, deleteAllRows: true }))).code).toBe(
        404,
      )
      expect((await apiError(() => botB.client.duplicateTable({ sourceTableId: table }))).code).toBe(404)
    }
    expect((await botB.client.listTables({})).tables).toEqual([])
    expect((await botA.client.getTable({ table: 'peopleTable' })).rows).toBe(10_000)
    // an integration installed in bot A works with A's tables; installed in B, it does not see them
    const intg = await h.createIntegration('webhook')
    const inA = await h.install(botA, intg)
    const inB = await h.install(botB, intg)
    expect((await inA.client.getTable({ table: 'peopleTable' })).rows).toBe(10_000)
    expect((await apiError(() => inB.client.getTable({ table: 'peopleTable' }))).code).toBe(404)
  })

  it('deleting a bot drops its tables’ rows and its files’ content', async () => {
    const botC = await h.createBot('tables-c')
    await botC.client.createTable({
      name: 'goneTable',
      schema: { type: 'object', properties: { n: { type: 'number' } } },
    })
    await botC.client.createTableRows({ table: 'goneTable', rows: [{ n: 1 }] })
    await botC.client.uploadFile({ key: 'gone.txt', content: 'bye' })
    const { rows: before } = await h.api.pool.query(
      `SELECT t.physical, f.blob_id FROM user_tables t, files f WHERE t.bot_id = $1 AND f.bot_id = $1`,
      [botC.id],
    )
    await h.admin.DeleteBot({ id: botC.id })
    const { rows } = await h.api.pool.query(
      `SELECT to_regclass('chat_tables.' || $1::text) AS t, (SELECT count(*)::int FROM blobs WHERE id = $2) AS blobs`,
      [before[0].physical, before[0].blob_id],
    )
    expect(rows[0]).toEqual({ t: null, blobs: 0 })
  })

  it('refuses rows past the bot’s row quota (factor counted) and tables past the table quota, with 403', async () => {
    await botB.client.createTable({
      name: 'bigTable',
      factor: 30,
      schema: { type: 'object', properties: { n: { type: 'number' } } },
    })
    await botB.client.createTableRows({
      table: 'bigTable',
      rows: Array.from({ length: 600 }, (_, n) => ({ n })),
    })
    const err = await apiError(() =>
      botB.client.createTableRows({
        table: 'bigTable',
        rows: Array.from({ length: 100 }, (_, n) => ({ n })),
      }),
    )
    expect(err.code).toBe(403)
    expect(err.message).toMatch(/quota exceeded.*20000/)
    expect((await botB.client.getTable({ table: 'bigTable' })).rows).toBe(600)
    for (let i = 0; i < 9; i++)
      await botB.client.createTable({ name: `t${i}`, schema: { type: 'object', properties: {} } })
    const tooMany = await apiError(() =>
      botB.client.createTable({ name: 'oneMore', schema: { type: 'object', properties: {} } }),
    )
    expect(tooMany.code).toBe(403)
    expect(tooMany.message).toMatch(/quota exceeded: the bot already has 10 tables/)
  })
})
