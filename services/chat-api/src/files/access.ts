import type { Queryable } from '@switchboard/db'
import { ForbiddenError, NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { FILE_SELECT, type FileRow } from './views.js'

/**
 * SQL condition (alias `f`) for the files a caller may read: a bot reads all of its bot's files; an
 * integration reads the files it wrote and those whose access policies include `integrations`.
 * Expired files are gone for everyone. Appends its parameters.
 */
export function fileScope(caller: Caller, params: unknown[]): string {
  params.push(caller.botId)
  let sql = `f.bot_id = $${params.length} AND (f.expires_at IS NULL OR f.expires_at > now())`
  if (caller.kind === 'integration') {
    params.push(caller.installation.id)
    sql += ` AND (f.installation_id = $${params.length} OR 'integrations' = ANY (f.access_policies))`
  }
  return sql
}

/** Loads a file the caller may read, by id (or by key when `byKey`); another tenant's file is a 404. */
export async function loadFile(
  db: Queryable,
  caller: Caller,
  idOrKey: string,
  opts: { byKey?: boolean; forUpdate?: boolean } = {},
): Promise<FileRow> {
  const params: unknown[] = [idOrKey]
  const match = opts.byKey ? `(f.id = $1 OR f.key = $1)` : `f.id = $1`
  const { rows } = await db.query<FileRow>(
    `${FILE_SELECT} WHERE ${match} AND ${fileScope(caller, params)}
      ORDER BY (f.id = $1) DESC LIMIT 1${opts.forUpdate ? ' FOR UPDATE OF f' : ''}`,
    params,
  )
  if (!rows[0]) throw new NotFoundError(`File ${idOrKey}`)
  return rows[0]
}

/** Throws unless the caller may change this file: the bot may change any, an integration only its own. */
export function checkWritable(caller: Caller, row: Pick<FileRow, 'installation_id' | 'key'>): void {
  if (caller.kind === 'integration' && row.installation_id !== caller.installation.id) {
    throw new ForbiddenError(
      `file ${JSON.stringify(row.key)} belongs to the bot; an integration may change only its own files`,
    )
  }
}
