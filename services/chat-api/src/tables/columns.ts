import { InvalidInputError, PayloadTooLargeError } from '@switchboard/errors'
import { DATE_TIME_MESSAGE, isDateTime } from '../dates.js'
import { patternRefusal, type PatternCheck } from './pattern.js'

/** The column types a table's schema can declare. */
export type ColumnType = 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array'

/** One column: the caller's name, the physical column we named (`c<n>`), and its typing. */
export interface Column {
  name: string
  physical: string
  type: ColumnType
  nullable: boolean
  required: boolean
  searchable: boolean
  enum?: string[]
  pattern?: string
}

/** Most columns a table may have (the spec's limit). */
export const MAX_COLUMNS = 20
/** Bytes of data one row may hold per unit of the table's factor. */
export const ROW_BYTES_PER_FACTOR = 4096
/** Names the API uses for every row; no column may take them. */
export const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt', 'computed', 'stale', 'similarity'] as const

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,29}$/
const PHYSICAL = /^(t_[0-9a-z]{26}|c[0-9]{1,3})$/

/**
 * Asserts that an identifier is one we generated (`t_<ulid>` or `c<n>`) before it goes into SQL.
 * Caller-chosen names never do: they map to these.
 */
export function ident(name: string): string {
  if (!PHYSICAL.test(name)) throw new Error(`refusing SQL identifier ${JSON.stringify(name)}`)
  return name
}

/** Postgres type of a column type. */
export function pgType(type: ColumnType): string {
  switch (type) {
    case 'string':
      return 'text'
    case 'number':
      return 'double precision'
    case 'boolean':
      return 'boolean'
    case 'date':
      return 'timestamptz'
    case 'object':
    case 'array':
      return 'jsonb'
  }
}

/** Checks a column name a caller chose. */
export function checkColumnName(name: string, where: string): void {
  if (!COLUMN_NAME.test(name))
    throw new InvalidInputError(
      `${where}: column name ${JSON.stringify(name)} must start with a letter or _ and have at most 30 letters, digits or _`,
    )
  if ((SYSTEM_COLUMNS as readonly string[]).includes(name))
    throw new InvalidInputError(`${where}: ${JSON.stringify(name)} is a system column name`)
}

type JsonSchemaProperty = Record<string, unknown> & { type?: unknown; 'x-zui'?: Record<string, unknown> }

const ALLOWED_PROPERTY_KEYS = [
  'type',
  'format',
  'pattern',
  'enum',
  'items',
  'nullable',
  'properties',
  'x-zui',
]
const ALLOWED_ZUI_KEYS = [
  'index',
  'id',
  'searchable',
  'hidden',
  'order',
  'width',
  'schemaId',
  'computed',
  'typings',
]

/** Reads `anyOf: [X, {type: 'null'}]` (how zui writes nullable) as X with `nullable: true`. */
function unwrapNullable(p: JsonSchemaProperty): JsonSchemaProperty {
  const anyOf = p.anyOf
  if (!Array.isArray(anyOf)) return p
  const nonNull = anyOf.filter((a) => (a as JsonSchemaProperty)?.type !== 'null') as JsonSchemaProperty[]
  if (nonNull.length !== 1) return p
  const { anyOf: _drop, ...rest } = p
  return { ...rest, ...nonNull[0], nullable: anyOf.length > 1 ? true : rest.nullable }
}

function columnType(p: JsonSchemaProperty, where: string): ColumnType {
  const type = p.type === 'integer' ? 'number' : p.type
  if (type === 'string') return p.format === 'date-time' ? 'date' : 'string'
  if (type === 'number' || type === 'boolean' || type === 'object' || type === 'array') return type
  throw new InvalidInputError(
    `${where}.type: ${JSON.stringify(p.type)} is not a column type (string, number, boolean, object, array; string with format date-time for dates)`,
  )
}

/** The normalized schema the API returns, and the columns it declares. */
export interface ParsedSchema {
  schema: Record<string, unknown>
  columns: Array<Omit<Column, 'physical'>>
}

/**
 * Reads a table schema as the API takes it: a JSON schema `{type: 'object', properties, required}`
 * (or just the properties object). 400 names the first problem.
 */
export function parseSchema(input: Record<string, unknown>, where = 'body.schema'): ParsedSchema {
  const properties = (input.type === 'object' || 'properties' in input ? input.properties : input) as Record<
    string,
    JsonSchemaProperty
  >
  if (!properties || typeof properties !== 'object' || Array.isArray(properties))
    throw new InvalidInputError(`${where}.properties: must be an object of columns`)
  const names = Object.keys(properties)
  if (names.length > MAX_COLUMNS)
    throw new InvalidInputError(`${where}: ${names.length} columns, more than the limit of ${MAX_COLUMNS}`)
  const required = Array.isArray(input.required) ? (input.required as unknown[]).map(String) : []
  for (const r of required)
    if (!names.includes(r))
      throw new InvalidInputError(`${where}.required: ${JSON.stringify(r)} is not a column`)
  const outProps: Record<string, unknown> = {}
  const columns: ParsedSchema['columns'] = []
  names.forEach((name, i) => {
    const at = `${where}.properties.${name}`
    checkColumnName(name, at)
    const raw = properties[name]
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new InvalidInputError(`${at}: must be an object`)
    const p = unwrapNullable(raw)
    const type = columnType(p, at)
    if (p.enum !== undefined && (!Array.isArray(p.enum) || p.enum.some((e) => typeof e !== 'string')))
      throw new InvalidInputError(`${at}.enum: must be a list of strings`)
    if (p.pattern !== undefined) {
      const refused = patternRefusal(String(p.pattern))
      if (refused) throw new InvalidInputError(`${at}.pattern: ${refused}`)
    }
    const zui = { ...(p['x-zui'] ?? {}) }
    const kept = Object.fromEntries(Object.entries(p).filter(([k]) => ALLOWED_PROPERTY_KEYS.includes(k)))
    const cleanZui = Object.fromEntries(Object.entries(zui).filter(([k]) => ALLOWED_ZUI_KEYS.includes(k)))
    outProps[name] = {
      ...kept,
      type: p.type === 'integer' ? 'number' : p.type,
      nullable: p.nullable !== false,
      'x-zui': { ...cleanZui, index: typeof zui.index === 'number' ? zui.index : i },
    }
    columns.push({
      name,
      type,
      nullable: p.nullable !== false,
      required: required.includes(name),
      searchable: zui.searchable === true,
      ...(p.enum ? { enum: p.enum as string[] } : {}),
      ...(p.pattern !== undefined ? { pattern: String(p.pattern) } : {}),
    })
  })
  const schema: Record<string, unknown> = { type: 'object', properties: outProps, additionalProperties: true }
  if (required.length) schema.required = required
  if (typeof input.$schema === 'string') schema.$schema = input.$schema
  return { schema, columns }
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v
}

/**
 * Checks one value against its column and returns what goes into the SQL parameter. A value its
 * column's pattern must match is added to `patterns`, for `checkPatterns` (off the event loop).
 */
export function columnValue(col: Column, v: unknown, at: string, patterns?: PatternCheck[]): unknown {
  if (v === null || v === undefined) {
    if (!col.nullable) throw new InvalidInputError(`${at}: column ${col.name} is not nullable`)
    return null
  }
  switch (col.type) {
    case 'string':
      if (typeof v !== 'string') throw new InvalidInputError(`${at}: expected a string, got ${describe(v)}`)
      if (col.enum && !col.enum.includes(v))
        throw new InvalidInputError(
          `${at}: ${JSON.stringify(v)} is not one of ${col.enum.map((e) => JSON.stringify(e)).join(', ')}`,
        )
      if (col.pattern !== undefined) {
        if (!patterns) throw new Error(`columnValue: ${at} has a pattern and nowhere to check it`)
        patterns.push({ pattern: col.pattern, value: v, at })
      }
      return v
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InvalidInputError(`${at}: expected a number, got ${describe(v)}`)
      return v
    case 'boolean':
      if (typeof v !== 'boolean') throw new InvalidInputError(`${at}: expected a boolean, got ${describe(v)}`)
      return v
    case 'date': {
      if (typeof v !== 'string' || !isDateTime(v))
        throw new InvalidInputError(
          `${at}: expected a date-time string (${DATE_TIME_MESSAGE}), got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 100)) : describe(v)}`,
        )
      return new Date(v).toISOString()
    }
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v))
        throw new InvalidInputError(`${at}: expected an object, got ${describe(v)}`)
      return JSON.stringify(v)
    case 'array':
      if (!Array.isArray(v)) throw new InvalidInputError(`${at}: expected an array, got ${describe(v)}`)
      return JSON.stringify(v)
  }
}

/** A row a caller wrote, checked against the table's columns: physical column → parameter value. */
export type CheckedRow = Map<Column, unknown>

/**
 * Checks a row a caller wrote: every key a column (system keys `id`, `createdAt`… are skipped),
 * every value of its column's type, required columns present when `creating`, and the row within
 * the table's size limit. 400 (413 for size) names the row and column. Values a pattern must match
 * are added to `opts.patterns`: the caller awaits `checkPatterns` on them before writing.
 */
export function checkRow(
  columns: Column[],
  row: Record<string, unknown>,
  at: string,
  opts: { creating: boolean; factor: number; patterns: PatternCheck[] },
): CheckedRow {
  if (!row || typeof row !== 'object' || Array.isArray(row))
    throw new InvalidInputError(`${at}: must be an object`)
  const byName = new Map(columns.map((c) => [c.name, c]))
  const out: CheckedRow = new Map()
  for (const [key, value] of Object.entries(row)) {
    if ((SYSTEM_COLUMNS as readonly string[]).includes(key)) continue
    const col = byName.get(key)
    if (!col) throw new InvalidInputError(`${at}.${key}: the table has no column ${JSON.stringify(key)}`)
    out.set(col, columnValue(col, value, `${at}.${key}`, opts.patterns))
  }
  if (opts.creating)
    for (const col of columns)
      if (col.required && (out.get(col) ?? null) === null)
        throw new InvalidInputError(`${at}.${col.name}: required column is missing`)
  const bytes = Buffer.byteLength(JSON.stringify(row))
  const limit = ROW_BYTES_PER_FACTOR * opts.factor
  if (bytes > limit)
    throw new PayloadTooLargeError(
      `${at}: row is ${bytes} bytes, over the table's limit of ${limit} bytes (factor ${opts.factor})`,
    )
  return out
}
