import { createHash } from 'node:crypto'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { InvalidInputError } from '@switchboard/errors'

/** Checks a value against a compiled schema; returns the problems, each naming its field. */
export type Validator = (value: unknown) => string[]

const MAX_PROBLEMS = 5
const CACHE_SIZE = 64

function newAjv(): Ajv {
  // strict: false, because definitions carry extra keywords (e.g. Botpress's `x-zui`) that only
  // describe the UI. No `loadSchema`: a remote $ref is a compile error, never a network call.
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true })
  addFormats(ajv)
  return ajv
}

/** `configuration.a.b[0]` from a JSON pointer such as `/a/b/0`. */
export function fieldPath(root: string, pointer: string, child?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (child !== undefined) parts.push(child)
  let out = root
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`
    else out += `[${JSON.stringify(p)}]`
  }
  return out
}

// Ajv's messages describe the rule ("must be string"), never the value, so they are safe to return.
function describe(root: string, e: ErrorObject): string {
  if (e.keyword === 'required') {
    return `${fieldPath(root, e.instancePath, String((e.params as { missingProperty: string }).missingProperty))}: is required`
  }
  if (e.keyword === 'additionalProperties') {
    return `${fieldPath(root, e.instancePath, String((e.params as { additionalProperty: string }).additionalProperty))}: is not allowed`
  }
  return `${fieldPath(root, e.instancePath)}: ${e.message ?? 'is invalid'}`
}

/**
 * Compiles validators from JSON Schema text (draft-07, as zod-to-json-schema produces for Botpress
 * integration definitions), keeping the last few by the schema's hash so repeated writes for one
 * integration compile once. Each schema gets its own Ajv instance, so two schemas may share an `$id`.
 */
export class SchemaCache {
  private readonly cache = new Map<string, ValidateFunction>()

  /** `label` names the schema in errors about the schema itself (e.g. `schema_json`). */
  constructor(private readonly label = 'schema') {}

  /** The validator for `schema` (already parsed from `schemaText`); `root` prefixes every field path. */
  validatorFor(schemaText: string, schema: unknown, root: string): Validator {
    const hash = createHash('sha256').update(schemaText).digest('hex')
    let validate = this.cache.get(hash)
    if (!validate) {
      if (
        typeof schema !== 'boolean' &&
        (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      ) {
        throw new InvalidInputError(`${this.label}: must be a JSON Schema object`)
      }
      try {
        validate = newAjv().compile(schema as object)
      } catch (err) {
        throw new InvalidInputError(`${this.label}: not a usable JSON Schema: ${(err as Error).message}`, {
          cause: err,
        })
      }
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(hash, validate)
    }
    const fn = validate
    return (value) => {
      if (fn(value)) return []
      const problems = [...new Set((fn.errors ?? []).map((e) => describe(root, e)))]
      if (problems.length > MAX_PROBLEMS) {
        return [...problems.slice(0, MAX_PROBLEMS), `and ${problems.length - MAX_PROBLEMS} more`]
      }
      return problems
    }
  }
}
