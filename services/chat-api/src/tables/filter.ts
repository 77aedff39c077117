import { PG_INTEGER_MAX } from '@switchboard/db'
import { InvalidInputError } from '@switchboard/errors'
import { columnValue, ident, type Column, type ColumnType } from './columns.js'

/** A column a filter or sort may name: a table column, or one of the system columns. */
export interface ColumnRef {
  sql: string
  type: ColumnType | 'id'
  column?: Column
}

const SYSTEM_REFS: Record<string, ColumnRef> = {
  id: { sql: 'id', type: 'id' },
  createdAt: { sql: 'created_at', type: 'date' },
  updatedAt: { sql: 'updated_at', type: 'date' },
}

/** Resolves a column name a caller gave to the physical column; unknown names are a 400. */
export function columnRef(columns: Column[], name: string, at: string): ColumnRef {
  const sys = SYSTEM_REFS[name]
  if (sys) return sys
  const col = columns.find((c) => c.name === name)
  if (!col) throw new InvalidInputError(`${at}: the table has no column ${JSON.stringify(name)}`)
  return { sql: ident(col.physical), type: col.type, column: col }
}

const CAST: Record<ColumnRef['type'], string> = {
  id: 'integer',
  string: 'text',
  number: 'double precision',
  boolean: 'boolean',
  date: 'timestamptz',
  object: 'jsonb',
  array: 'jsonb',
}
const COMPARISONS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }
const MAX_DEPTH = 8
const MAX_CONDITIONS = 200
const MAX_IN = 1000

/**
 * Compiles the Tables API's filter language (MongoDB-like) to a SQL condition whose every value is
 * a bound parameter and every column a physical column we named:
 * `{col: value}` (equality), `{col: {$eq|$ne|$gt|$gte|$lt|$lte|$in|$nin|$exists|$mod|$size|$regex[, $options]}}`,
 * several columns (all must hold), `$and`, `$or`, `$not`. 400 names the path of the first problem.
 */
export class FilterCompiler {
  private conditions = 0

  constructor(
    private readonly columns: Column[],
    private readonly params: unknown[],
  ) {}

  /** The SQL condition for `filter` ('TRUE' when it is empty). */
  compile(filter: unknown, at = 'filter', depth = 0): string {
    if (depth > MAX_DEPTH) throw new InvalidInputError(`${at}: nested more than ${MAX_DEPTH} levels deep`)
    if (!filter || typeof filter !== 'object' || Array.isArray(filter))
      throw new InvalidInputError(`${at}: must be an object`)
    const parts: string[] = []
    for (const [key, value] of Object.entries(filter)) {
      const path = `${at}.${key}`
      if (key === '$and' || key === '$or') {
        if (!Array.isArray(value) || value.length === 0)
          throw new InvalidInputError(`${path}: must be a non-empty array of filters`)
        const subs = value.map((f, i) => this.compile(f, `${path}[${i}]`, depth + 1))
        parts.push(`(${subs.join(key === '$and' ? ' AND ' : ' OR ')})`)
      } else if (key === '$not') {
        parts.push(`NOT coalesce((${this.compile(value, path, depth + 1)}), false)`)
      } else if (key.startsWith('$')) {
        throw new InvalidInputError(`${path}: unknown operator (use $and, $or, $not or a column name)`)
      } else {
        parts.push(this.column(columnRef(this.columns, key, path), value, path))
      }
    }
    return parts.length ? parts.join(' AND ') : 'TRUE'
  }

  private param(value: unknown, type: ColumnRef['type'], array = false): string {
    this.params.push(value)
    return `$${this.params.length}::${CAST[type]}${array ? '[]' : ''}`
  }

  private value(ref: ColumnRef, v: unknown, at: string): unknown {
    if (ref.type === 'id') {
      if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > PG_INTEGER_MAX)
        throw new InvalidInputError(`${at}: expected a row id (an integer)`)
      return v
    }
    if (v === null) throw new InvalidInputError(`${at}: null is only allowed with $eq, $ne and $in`)
    const col = ref.column ?? {
      name: ref.sql,
      physical: ref.sql,
      type: ref.type,
      nullable: true,
      required: false,
      searchable: false,
    }
    // Enum and pattern constrain what is written, not what is looked for.
    return columnValue({ ...col, enum: undefined, pattern: undefined }, v, at)
  }

  private column(ref: ColumnRef, cond: unknown, at: string): string {
    const isOperatorObject =
      cond !== null &&
      typeof cond === 'object' &&
      !Array.isArray(cond) &&
      Object.keys(cond).length > 0 &&
      Object.keys(cond).every((k) => k.startsWith('$'))
    if (!isOperatorObject) return this.op(ref, '$eq', cond, at, undefined)
    const c = cond as Record<string, unknown>
    const ops = Object.keys(c).filter((k) => k !== '$options')
    if ('$options' in c && !('$regex' in c))
      throw new InvalidInputError(`${at}.$options: only goes with $regex`)
    const parts = ops.map((op) => this.op(ref, op, c[op], `${at}.${op}`, c.$options))
    return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`
  }

  private op(ref: ColumnRef, op: string, v: unknown, at: string, options: unknown): string {
    if (++this.conditions > MAX_CONDITIONS)
      throw new InvalidInputError(`filter: more than ${MAX_CONDITIONS} conditions`)
    const col = ref.sql
    const json = ref.type === 'object' || ref.type === 'array'
    switch (op) {
      case '$eq':
        if (v === null) return `${col} IS NULL`
        return `${col} = ${this.param(this.value(ref, v, at), ref.type)}`
      case '$ne':
        if (v === null) return `${col} IS NOT NULL`
        return `${col} IS DISTINCT FROM ${this.param(this.value(ref, v, at), ref.type)}`
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (json || ref.type === 'boolean')
          throw new InvalidInputError(`${at}: ${op} does not apply to a ${ref.type} column`)
        return `${col} ${COMPARISONS[op]} ${this.param(this.value(ref, v, at), ref.type)}`
      case '$in':
      case '$nin': {
        if (!Array.isArray(v) || v.length === 0 || v.length > MAX_IN)
          throw new InvalidInputError(`${at}: must be an array of 1 to ${MAX_IN} values`)
        if (json) throw new InvalidInputError(`${at}: ${op} does not apply to a ${ref.type} column`)
        const values = v.filter((x) => x !== null).map((x, i) => this.value(ref, x, `${at}[${i}]`))
        const hasNull = values.length < v.length
        const anyOf = values.length ? `${col} = ANY (${this.param(values, ref.type, true)})` : 'FALSE'
        const match = hasNull ? `(${anyOf} OR ${col} IS NULL)` : anyOf
        return op === '$in' ? match : `NOT coalesce(${match}, false)`
      }
      case '$exists':
        if (typeof v !== 'boolean') throw new InvalidInputError(`${at}: must be true or false`)
        return v ? `${col} IS NOT NULL` : `${col} IS NULL`
      case '$mod': {
        if (ref.type !== 'number' && ref.type !== 'id')
          throw new InvalidInputError(`${at}: $mod applies to number columns`)
        if (
          !Array.isArray(v) ||
          v.length !== 2 ||
          !v.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
          v[0] === 0
        )
          throw new InvalidInputError(`${at}: must be [divisor, remainder] with a non-zero divisor`)
        return `mod(${col}::numeric, ${this.param(v[0], 'number')}::numeric) = ${this.param(v[1], 'number')}::numeric`
      }
      case '$size':
        if (ref.type !== 'array') throw new InvalidInputError(`${at}: $size applies to array columns`)
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > PG_INTEGER_MAX)
          throw new InvalidInputError(`${at}: must be a non-negative integer (at most ${PG_INTEGER_MAX})`)
        return `jsonb_array_length(${col}) = ${this.param(v, 'id')}`
      case '$regex': {
        if (ref.type !== 'string') throw new InvalidInputError(`${at}: $regex applies to string columns`)
        if (typeof v !== 'string' || v.length > 1000)
          throw new InvalidInputError(`${at}: must be a string of at most 1000 characters`)
        try {
          new RegExp(v, 'u')
        } catch {
          throw new InvalidInputError(`${at}: not a valid regular expression`)
        }
        if (options !== undefined && (typeof options !== 'string' || !/^i?$/.test(options)))
          throw new InvalidInputError(`${at.replace(/\$regex$/, '$options')}: only "i" is supported`)
        return `${col} ${options === 'i' ? '~*' : '~'} ${this.param(v, 'string')}`
      }
      default:
        throw new InvalidInputError(
          `${at}: unknown operator (use $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $mod, $size, $regex)`,
        )
    }
  }
}
