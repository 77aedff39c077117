import { z } from 'zod'
import { PG_INTEGER_MAX } from '@switchboard/db'
import { fields } from '../http/routes/fields.js'

const tags = z.record(z.string().min(1).max(200), z.string().max(1000))
const jsonObject = fields.jsonObject
// A row is checked against its table's own size limit (413, tables/columns.ts), not the payload limit.
const row = z.record(z.string(), z.unknown())
const factor = z.number().int().min(1).max(30)
const tableBody = {
  factor: factor.optional(),
  frozen: z.boolean().optional(),
  keyColumn: z.string().min(1).max(30).nullable().optional(),
  schema: jsonObject,
  tags: tags.optional(),
  isComputeEnabled: z.boolean().optional(),
}
const rows = z.array(row).min(1).max(1000)

/** Request schemas of the Tables API, named after the client's operations. */
export const tableSchemas = {
  tableParam: z.object({ table: z.string().min(1).max(200) }),
  sourceParam: z.object({ sourceTableId: z.string().min(1).max(200) }),
  listTables: z.object({ tags: tags.optional() }),
  createTable: z.object({ name: z.string().min(1).max(100), ...tableBody }).strict(),
  getOrCreateTable: z.object(tableBody).strict(),
  updateTable: z
    .object({ ...tableBody, name: z.string().min(1).max(100).optional(), schema: jsonObject.optional() })
    .strict(),
  renameTableColumn: z
    .object({ name: z.string().min(1).max(30), newName: z.string().min(1).max(30) })
    .strict(),
  duplicateTable: z
    .object({
      tableName: z.string().min(1).max(100).optional(),
      schemaOnly: z.boolean().optional(),
      factor: factor.optional(),
    })
    .strict(),
  exportTable: z.object({
    format: z.enum(['csv', 'json']).optional(),
    compress: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().optional()),
  }),
  importTable: z.object({ fileId: z.string().min(1).max(200) }).strict(),
  getTableRow: z.object({ id: z.coerce.number().int().min(1).max(PG_INTEGER_MAX) }),
  findTableRows: z
    .object({
      limit: z.number().int().min(1).max(1000).default(100),
      offset: z.number().int().min(0).default(0),
      filter: jsonObject.optional(),
      group: jsonObject.optional(),
      search: z.string().max(1024).optional(),
      select: z.array(z.string().min(1).max(100)).max(50).optional(),
      orderBy: z.string().min(1).max(100).optional(),
      orderDirection: z.enum(['asc', 'desc']).optional(),
    })
    .strict(),
  createTableRows: z.object({ rows, waitComputed: z.boolean().optional() }).strict(),
  updateTableRows: z.object({ rows, waitComputed: z.boolean().optional() }).strict(),
  upsertTableRows: z
    .object({ rows, keyColumn: z.string().min(1).max(30).optional(), waitComputed: z.boolean().optional() })
    .strict(),
  deleteTableRows: z
    .object({
      ids: z.array(z.number().int().min(1).max(PG_INTEGER_MAX)).max(1000).optional(),
      filter: jsonObject.optional(),
      deleteAllRows: z.boolean().optional(),
    })
    .strict(),
}
