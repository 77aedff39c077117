import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { StorageDeps } from '../files/deps.js'
import { authenticateRoutes } from '../files/routes.js'
import { requestStorageDeps } from '../files/storage.js'
import { routeKit } from '../http/routes/kit.js'
import * as jobs from './jobs.js'
import * as rows from './rows.js'
import { tableSchemas as s } from './schemas.js'
import * as tables from './tables.js'
import { tableView, type TableRow } from './views.js'

/** The counters getTable and getOrCreateTable return beside the table. */
function counts(t: TableRow) {
  return { rows: t.row_count, stale: 0, indexing: 0 }
}

/** The Tables API, `/v1/tables` (the 17 operations of `@botpress/api`'s tables spec). */
export function registerTablesRoutes(app: FastifyInstance, base: StorageDeps): void {
  // A keyed write's work joins the request's transaction, so its key commits with it.
  const deps = requestStorageDeps(base)
  authenticateRoutes(app, deps)
  const { route, body, query, params } = routeKit(app, base.pool, { writesJoinKeys: true })
  const tableOf = (req: FastifyRequest) => params(s.tableParam, req).table

  route('GET', '/', async (req, c) => ({
    tables: (await tables.listTables(deps, c, query(s.listTables, req).tags)).map(tableView),
  }))
  route('POST', '/', async (req, c) => ({
    table: tableView(await tables.createTable(deps, c, body(s.createTable, req))),
  }))
  route('GET', '/:table', async (req, c) => {
    const t = await tables.loadTable(deps.pool, c, tableOf(req))
    return { table: tableView(t), ...counts(t) }
  })
  route('POST', '/:table', async (req, c) => {
    const r = await tables.getOrCreateTable(deps, c, {
      ...body(s.getOrCreateTable, req),
      name: tableOf(req),
    })
    return { table: tableView(r.table), created: r.created, ...counts(r.table) }
  })
  route('PUT', '/:table', async (req, c) => ({
    table: tableView(await tables.updateTable(deps, c, tableOf(req), body(s.updateTable, req))),
    staleColumns: [],
  }))
  route('DELETE', '/:table', async (req, c) => {
    await tables.deleteTable(deps, c, tableOf(req))
    return {}
  })
  route('PUT', '/:table/column', async (req, c) => ({
    table: tableView(await tables.renameTableColumn(deps, c, tableOf(req), body(s.renameTableColumn, req))),
  }))
  route('POST', '/:sourceTableId/duplicate', async (req, c) => {
    const r = await tables.duplicateTable(
      deps,
      c,
      params(s.sourceParam, req).sourceTableId,
      body(s.duplicateTable, req),
      (tx, added) => rows.checkRowQuota(deps, tx, c.botId, added),
    )
    return { table: tableView(r.table), rows: r.rows }
  })
  route('GET', '/:table/export', async (req, c) => ({
    job: await jobs.exportTable(deps, c, tableOf(req), query(s.exportTable, req)),
  }))
  route('POST', '/:table/import', async (req, c) => ({
    job: await jobs.importTable(deps, c, tableOf(req), body(s.importTable, req).fileId),
  }))
  route('GET', '/:table/jobs', async (req, c) => ({ jobs: await jobs.getTableJobs(deps, c, tableOf(req)) }))
  route('GET', '/:table/row', async (req, c) => ({
    row: await rows.getTableRow(deps, c, tableOf(req), query(s.getTableRow, req).id),
  }))
  route('POST', '/:table/rows/find', async (req, c) =>
    rows.findTableRows(deps, c, tableOf(req), body(s.findTableRows, req)),
  )
  route('POST', '/:table/rows', async (req, c) => ({
    rows: await rows.createTableRows(deps, c, tableOf(req), body(s.createTableRows, req).rows),
  }))
  route('PUT', '/:table/rows', async (req, c) => ({
    rows: await rows.updateTableRows(deps, c, tableOf(req), body(s.updateTableRows, req).rows),
  }))
  route('POST', '/:table/rows/upsert', async (req, c) =>
    rows.upsertTableRows(deps, c, tableOf(req), body(s.upsertTableRows, req)),
  )
  route('POST', '/:table/rows/delete', async (req, c) => ({
    deletedRows: await rows.deleteTableRows(deps, c, tableOf(req), body(s.deleteTableRows, req)),
  }))
}
