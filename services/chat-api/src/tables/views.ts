import type { Column } from './columns.js'

/** A `user_tables` row. */
export interface TableRow {
  id: string
  bot_id: string
  name: string
  physical: string
  schema: Record<string, unknown>
  columns: Column[]
  next_column: number
  factor: number
  frozen: boolean
  key_column: string | null
  tags: Record<string, string>
  is_compute_enabled: boolean
  row_count: number
  created_at: Date
  updated_at: Date
}

/** A table as the Tables API returns it. */
export function tableView(t: TableRow) {
  return {
    id: t.id,
    name: t.name,
    factor: t.factor,
    frozen: t.frozen,
    keyColumn: t.key_column,
    schema: t.schema,
    tags: t.tags,
    isComputeEnabled: t.is_compute_enabled,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  }
}

/** A row as Postgres returns it from a table's physical table. */
export type PhysicalRow = Record<string, unknown> & { id: number; created_at: Date; updated_at: Date }

/** A row as the Tables API returns it: system fields, then the table's columns by their names. */
export function rowView(columns: Column[], r: PhysicalRow, selected?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    computed: {},
    stale: [],
  }
  for (const c of columns) {
    if (selected && !selected.has(c.name)) continue
    const v = r[c.physical]
    out[c.name] = v instanceof Date ? v.toISOString() : (v ?? null)
  }
  if (typeof r.similarity === 'number') out.similarity = r.similarity
  return out
}
