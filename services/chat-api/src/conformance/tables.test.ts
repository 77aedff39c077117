import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '@switchboard/testing'
import { apiError, startHarness, type Harness } from '../testing/harness.js'
import { ConformanceRecorder, formatTable, loadSpec } from './spec.js'
import { withoutTypelessNullable } from './typeless-nullable.js'

/**
 * The Tables API conformance suite: every operation of the official spec (`@botpress/api`'s tables
 * state) called through the real `@botpress/client` 1.45 against a real chat-api, each 2xx body
 * checked against the operation's response schema and each error against the error envelope. Prints
 * the table and asserts 17 of 17 implemented and conforming.
 */
const spec = withoutTypelessNullable(loadSpec('tables'))
const recorder = new ConformanceRecorder(spec)

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('tables-conformance')
  recorder.attach(bot.client)
})
afterAll(() => h?.close())

const schema = {
  type: 'object',
  properties: {
    title: { type: 'string', 'x-zui': { searchable: true } },
    price: { type: 'number' },
    inStock: { type: 'boolean' },
    addedAt: { type: 'string', format: 'date-time' },
    labels: { type: 'array', items: { type: 'string' } },
    extra: { type: 'object' },
  },
  required: ['title'],
}

describe('every tables operation, through @botpress/client 1.45', () => {
  it('tables and rows', async () => {
    const c = bot.client
    const { table } = await c.createTable({
      name: 'productsTable',
      schema,
      keyColumn: 'title',
      tags: { shop: 'a' },
    })
    expect((await c.getOrCreateTable({ table: 'productsTable', schema })).created).toBe(false)
    expect(
      (await c.getOrCreateTable({ table: 'ordersTable', schema: { type: 'object', properties: {} } }))
        .created,
    ).toBe(true)
    expect((await c.listTables({ tags: { shop: 'a' } })).tables).toHaveLength(1)
    const rows = await c.createTableRows({
      table: 'productsTable',
      rows: [
        {
          title: 'Lamp',
          price: 20,
          inStock: true,
          addedAt: '2026-01-01T00:00:00Z',
          labels: ['home'],
          extra: { w: 1 },
        },
        { title: 'Desk', price: 120, inStock: false },
      ],
    })
    await c.getTableRow({ table: 'productsTable', id: rows.rows[0]!.id })
    await c.findTableRows({
      table: 'productsTable',
      filter: { price: { $gte: 10 } },
      orderBy: 'price',
      orderDirection: 'desc',
    })
    await c.findTableRows({ table: table.id, search: 'lamp', select: ['title'] })
    await c.updateTableRows({ table: 'productsTable', rows: [{ id: rows.rows[1]!.id, price: 110 }] })
    await c.upsertTableRows({
      table: 'productsTable',
      keyColumn: 'title',
      rows: [
        { title: 'Desk', price: 100 },
        { title: 'Chair', price: 50 },
      ],
    })
    await c.renameTableColumn({ table: 'productsTable', name: 'extra', newName: 'details' })
    await c.updateTable({ table: 'productsTable', tags: { shop: 'b' }, factor: 2 })
    expect((await c.getTable({ table: 'productsTable' })).rows).toBe(3)
    const dup = await c.duplicateTable({ sourceTableId: table.id, tableName: 'productsCopyTable' })
    expect(dup.rows).toBe(3)
    expect(
      (await c.deleteTableRows({ table: 'productsCopyTable', filter: { price: { $lt: 60 } } })).deletedRows,
    ).toBe(2)
    await c.deleteTable({ table: 'productsCopyTable' })
    expect(
      (await apiError(() => c.findTableRows({ table: 'productsTable', filter: { price: { $nope: 1 } } })))
        .code,
    ).toBe(400)
    expect(
      (await apiError(() => c.createTableRows({ table: 'productsTable', rows: [{ price: 'x' }] }))).code,
    ).toBe(400)
    expect((await apiError(() => c.getTable({ table: 'missingTable' }))).code).toBe(404)
  })

  it('export and import jobs', async () => {
    const c = bot.client
    const { job } = await c.exportTable({ table: 'productsTable', format: 'csv', compress: false })
    const done = await waitFor('export', async () =>
      (await c.getTableJobs({ table: 'productsTable' })).jobs.find(
        (j) => j.id === job.id && j.status === 'completed',
      ),
    )
    await c.duplicateTable({ sourceTableId: 'productsTable', tableName: 'importedTable', schemaOnly: true })
    const imported = await c.importTable({ table: 'importedTable', fileId: done.outputFileId! })
    await waitFor('import', async () =>
      (await c.getTableJobs({ table: 'importedTable' })).jobs.find(
        (j) => j.id === imported.job.id && j.status === 'completed',
      ),
    )
    expect((await c.getTable({ table: 'importedTable' })).rows).toBe(3)
  })
})

describe('the report', () => {
  it('prints the table: 17 of 17 implemented and conforming', () => {
    const rows = recorder.rows()
    console.log(`\n${formatTable(`${spec.title} ${spec.version}`, rows)}\n`)
    expect(recorder.unmatched).toEqual([])
    expect(rows).toHaveLength(17)
    expect(rows.filter((r) => !(r.implemented && r.conforms))).toEqual([])
  })
})
