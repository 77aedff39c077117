import { gunzipSync, gzipSync } from 'node:zlib'
import { withTransaction, type PoolClient } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { Caller } from '../auth/caller.js'
import { loadFile } from '../files/access.js'
import type { StorageDeps } from '../files/deps.js'
import { newId } from '../ids.js'
import { checkRow, type Column } from './columns.js'
import { checkPatterns, type PatternCheck } from './pattern.js'
import { parseCsv, toCsv } from './csv.js'
import { allRows, insertCheckedRows } from './rows.js'
import { loadTable } from './tables.js'
import type { TableRow } from './views.js'

interface JobRow {
  id: string
  bot_id: string
  table_id: string
  type: 'export' | 'import'
  status: string
  progress: number
  input_file_id: string | null
  output_file_id: string | null
  options: { format?: 'csv' | 'json'; compress?: boolean; installationId?: string | null }
  error: string | null
  created_at: Date
  updated_at: Date
}

/** A job as the Tables API returns it. */
function jobView(j: JobRow) {
  return {
    id: j.id,
    botId: j.bot_id,
    tableId: j.table_id,
    type: j.type,
    status: j.status,
    progress: j.progress,
    inputFileId: j.input_file_id,
    outputFileId: j.output_file_id,
    createdAt: j.created_at.toISOString(),
    updatedAt: j.updated_at.toISOString(),
  }
}

async function queue(
  deps: StorageDeps,
  row: Omit<JobRow, 'status' | 'progress' | 'output_file_id' | 'error' | 'created_at' | 'updated_at'>,
) {
  const { rows } = await deps.pool.query<JobRow>(
    `INSERT INTO table_jobs (id, bot_id, table_id, type, status, input_file_id, options)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING *`,
    [row.id, row.bot_id, row.table_id, row.type, row.input_file_id, row.options],
  )
  deps.onJob()
  return jobView(rows[0]!)
}

/** exportTable: queues a job that writes the table's rows to a file (JSON with the schema, or CSV). */
export async function exportTable(
  deps: StorageDeps,
  caller: Caller,
  table: string,
  input: { format?: 'csv' | 'json'; compress?: boolean },
) {
  const t = await loadTable(deps.pool, caller, table)
  return queue(deps, {
    id: newId('job'),
    bot_id: caller.botId,
    table_id: t.id,
    type: 'export',
    input_file_id: null,
    options: {
      format: input.format ?? 'json',
      compress: input.compress ?? true,
      installationId: caller.kind === 'integration' ? caller.installation.id : null,
    },
  })
}

/** importTable: queues a job that adds the rows of an uploaded file (JSON or CSV, gzipped or not). */
export async function importTable(deps: StorageDeps, caller: Caller, table: string, fileId: string) {
  const t = await loadTable(deps.pool, caller, table)
  const file = await loadFile(deps.pool, caller, fileId)
  if (!file.blob_id) throw new InvalidInputError(`body.fileId: file ${file.key} has no content uploaded yet`)
  return queue(deps, {
    id: newId('job'),
    bot_id: caller.botId,
    table_id: t.id,
    type: 'import',
    input_file_id: file.id,
    options: {},
  })
}

/** getTableJobs: the table's import and export jobs, newest first. */
export async function getTableJobs(deps: StorageDeps, caller: Caller, table: string) {
  const t = await loadTable(deps.pool, caller, table)
  const { rows } = await deps.pool.query<JobRow>(
    `SELECT * FROM table_jobs WHERE table_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`,
    [t.id],
  )
  return rows.map(jobView)
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const p of body) parts.push(p)
  return Buffer.concat(parts)
}

async function runExport(deps: StorageDeps, tx: PoolClient, job: JobRow, t: TableRow): Promise<string> {
  const rows: Record<string, unknown>[] = []
  for await (const batch of allRows(tx, t)) rows.push(...batch)
  const format = job.options.format ?? 'json'
  const text =
    format === 'csv'
      ? toCsv(['id', 'createdAt', 'updatedAt', ...t.columns.map((c) => c.name)], rows)
      : JSON.stringify({ table: { name: t.name, schema: t.schema, keyColumn: t.key_column }, rows })
  const content = job.options.compress === false ? Buffer.from(text) : gzipSync(text)
  const blobId = newId('blob')
  await deps.blobs.put(blobId, [content], Number.MAX_SAFE_INTEGER)
  const fileId = newId('file')
  const key = `tables/${t.name}/export-${job.id}.${format}${job.options.compress === false ? '' : '.gz'}`
  const installationId = job.options.installationId ?? null
  await tx.query(
    `INSERT INTO files (id, bot_id, key, content_type, declared_size, size, status, blob_id, owner_type, installation_id, tags)
     VALUES ($1, $2, $3, $4, $5, $5, 'upload_completed', $6, $7, $8, $9)`,
    [
      fileId,
      job.bot_id,
      key,
      job.options.compress === false
        ? format === 'csv'
          ? 'text/csv'
          : 'application/json'
        : 'application/gzip',
      content.byteLength,
      blobId,
      installationId ? 'integration' : 'bot',
      installationId,
      { tableId: t.id, jobId: job.id },
    ],
  )
  return fileId
}

function fromCsvValue(col: Column, s: string): unknown {
  if (s === '') return null
  switch (col.type) {
    case 'number':
      return Number.isNaN(Number(s)) ? s : Number(s)
    case 'boolean':
      return s === 'true' ? true : s === 'false' ? false : s
    case 'object':
    case 'array':
      try {
        return JSON.parse(s) as unknown
      } catch {
        return s
      }
    default:
      return s
  }
}

/** The rows of an import file: JSON (an array of rows, or an export's `{table, rows}`) or CSV. */
function parseImport(content: Buffer, columns: Column[]): Record<string, unknown>[] {
  const raw = content[0] === 0x1f && content[1] === 0x8b ? gunzipSync(content) : content
  const text = raw.toString('utf8').trim()
  if (text.startsWith('[') || text.startsWith('{')) {
    const parsed = JSON.parse(text) as unknown
    const rows = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown }).rows
    if (!Array.isArray(rows))
      throw new InvalidInputError('import file: JSON must be an array of rows or {rows: [...]}')
    return rows as Record<string, unknown>[]
  }
  const [header, ...records] = parseCsv(text)
  if (!header) return []
  const byName = new Map(columns.map((c) => [c.name, c]))
  return records.map((rec) => {
    const row: Record<string, unknown> = {}
    header.forEach((h, i) => {
      const col = byName.get(h)
      if (col) row[h] = fromCsvValue(col, rec[i] ?? '')
      else if (!['id', 'createdAt', 'updatedAt'].includes(h)) row[h] = rec[i]
    })
    return row
  })
}

async function runImport(deps: StorageDeps, tx: PoolClient, job: JobRow, t: TableRow): Promise<void> {
  const { rows: files } = await tx.query<{ blob_id: string | null }>(
    `SELECT blob_id FROM files WHERE id = $1`,
    [job.input_file_id],
  )
  if (!files[0]?.blob_id) throw new NotFoundError(`File ${job.input_file_id}`)
  const rows = parseImport(await readAll(await deps.blobs.get(files[0].blob_id)), t.columns)
  const patterns: PatternCheck[] = []
  const checked = rows.map((r, i) =>
    checkRow(t.columns, r, `rows[${i}]`, { creating: true, factor: t.factor, patterns }),
  )
  await checkPatterns(patterns)
  await insertCheckedRows(deps, tx, t, checked)
}

/**
 * Runs queued table jobs. Each job is claimed with FOR UPDATE SKIP LOCKED and done in one
 * transaction with its status change, so a crash leaves it pending (run again at start) and an
 * import never half-applies; several replicas never run the same job.
 */
export class TableJobRunner {
  private running: Promise<void> | null = null
  private again = false

  constructor(
    private readonly deps: StorageDeps,
    private readonly logger: Logger,
  ) {}

  /** Runs pending jobs now (coalescing calls made while running). */
  kick(): void {
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.drain()
      .catch((err) => this.logger.warn({ err }, 'table job runner failed'))
      .finally(() => {
        this.running = null
        if (this.again) {
          this.again = false
          this.kick()
        }
      })
  }

  /** Waits for the current run to finish. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private async drain(): Promise<void> {
    while (await this.runOne()) {
      // next
    }
  }

  private async runOne(): Promise<boolean> {
    const failed: { id: string; message: string }[] = []
    const ran = await withTransaction(this.deps.pool, async (tx) => {
      const { rows } = await tx.query<JobRow>(
        `SELECT * FROM table_jobs WHERE status IN ('pending', 'in_progress') ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      )
      const job = rows[0]
      if (!job) return false
      const { rows: tables } = await tx.query<TableRow>(`SELECT * FROM user_tables WHERE id = $1`, [
        job.table_id,
      ])
      try {
        await tx.query('SAVEPOINT job')
        let output: string | null = null
        if (tables[0] && job.type === 'export') output = await runExport(this.deps, tx, job, tables[0])
        else if (tables[0]) await runImport(this.deps, tx, job, tables[0])
        await tx.query(
          `UPDATE table_jobs SET status = 'completed', progress = 1, output_file_id = $2, updated_at = now_ms() WHERE id = $1`,
          [job.id, output],
        )
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT job')
        failed.push({ id: job.id, message: err instanceof Error ? err.message : String(err) })
        await tx.query(
          `UPDATE table_jobs SET status = 'failed', error = $2, updated_at = now_ms() WHERE id = $1`,
          [job.id, failed[0]!.message.slice(0, 2000)],
        )
      }
      return true
    })
    for (const f of failed) this.logger.info({ jobId: f.id, reason: f.message }, 'table job failed')
    return ran
  }
}
