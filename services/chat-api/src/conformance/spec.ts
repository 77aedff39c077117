import { createRequire } from 'node:module'
import { SchemaCache } from '@switchboard/schema'

/**
 * The shared conformance harness: the official Botpress API specs shipped in `@botpress/api` (the
 * contract of ARCHITECTURE.md §5), their operations, and checks of response bodies and error bodies
 * against them. Used by the Runtime, Files and Tables conformance suites; keep this interface stable.
 */

/** The API states `@botpress/api` ships whose operations Switchboard serves. */
export type ApiName = 'runtime' | 'files' | 'tables'

/** One parameter of an operation, as the spec gives it. */
export interface SpecParameter {
  in: 'path' | 'query' | 'header'
  type: string
  required?: boolean
  enum?: string[]
  description?: string
  schema?: unknown
}

/** One operation of a spec: what the client calls and what it must get back. */
export interface SpecOperation {
  name: string
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** e.g. `/v1/chat/states/{type}/{id}/{name}`. */
  path: string
  parameters: Record<string, SpecParameter>
  /** JSON Schema of the request body, when the operation has one. */
  requestSchema?: unknown
  /** The success status the spec documents (200 when it names none). */
  status: number
  /** JSON Schema of the success body (may `$ref` `#/components/schemas/<Name>`). */
  responseSchema: unknown
}

/** One documented error: HTTP status and the `type` its body carries. */
export interface SpecError {
  status: number
  type: string
}

/** A loaded spec. */
export interface ApiSpec {
  api: ApiName
  title: string
  version: string
  operations: SpecOperation[]
  /** Component schemas by name (`User`, `Conversation`, `File`, …). */
  schemas: Record<string, unknown>
  errors: SpecError[]
}

/**
 * A field the installed `@botpress/client` needs that the spec does not list (ARCHITECTURE.md §5:
 * keep what the client needs, list it, allow exactly it). `where` is an operation name (the path is in
 * its response body) or `#<Schema>` (the path is in that component schema, wherever it appears).
 */
export interface AllowedExtra {
  where: string
  /** Dotted path of the extra property, e.g. `meta.created` or `messageCount`. */
  path: string
  /** Why it is there (printed in the compatibility page). */
  reason: string
}

interface RawState {
  operations: Record<
    string,
    {
      name: string
      method: SpecOperation['method']
      path: string
      parameters?: Record<string, SpecParameter>
      requestBody?: { schema?: unknown }
      response: { status?: number; schema: unknown }
    }
  >
  schemas: Record<string, { schema: unknown }>
  errors: SpecError[]
  metadata: { title: string; version: string }
}

const require = createRequire(import.meta.url)

/** Loads one API's spec from `@botpress/api`. */
export function loadSpec(api: ApiName): ApiSpec {
  const mod = require('@botpress/api') as Record<ApiName, { state: RawState }>
  const state = mod[api].state
  return {
    api,
    title: state.metadata.title,
    version: state.metadata.version,
    operations: Object.values(state.operations).map((o) => ({
      name: o.name,
      method: o.method,
      path: o.path,
      parameters: o.parameters ?? {},
      requestSchema: o.requestBody?.schema,
      status: o.response.status ?? 200,
      responseSchema: o.response.schema,
    })),
    schemas: Object.fromEntries(Object.entries(state.schemas).map(([k, v]) => [k, v.schema])),
    errors: state.errors.map((e) => ({ status: e.status, type: e.type })),
  }
}

/** The named operation of a spec; throws when the spec has none (a typo in a suite). */
export function operation(spec: ApiSpec, name: string): SpecOperation {
  const op = spec.operations.find((o) => o.name === name)
  if (!op) throw new Error(`${spec.title} has no operation ${name}`)
  return op
}

type JsonObject = { [k: string]: unknown }

/** Adds a permissive property at `path` (creating intermediate objects) to a cloned schema. */
function allowAt(schema: JsonObject, path: string[]): void {
  let node = schema
  for (const [i, key] of path.entries()) {
    const props = (node.properties ??= {}) as JsonObject
    if (i === path.length - 1) {
      props[key] ??= {}
      return
    }
    node = (props[key] ??= { type: 'object', additionalProperties: false }) as JsonObject
  }
}

const cache = new SchemaCache('spec schema')

/**
 * Checks a 2xx body of `operationName` against its response schema (with the component schemas it
 * references, and the allowed extras). Returns the problems, each naming its field; empty = conforms.
 */
export function checkResponse(
  spec: ApiSpec,
  operationName: string,
  status: number,
  body: unknown,
  allowed: AllowedExtra[] = [],
): string[] {
  const op = operation(spec, operationName)
  const problems: string[] = []
  if (status !== op.status) problems.push(`status: expected ${op.status}, got ${status}`)
  const response = structuredClone(op.responseSchema) as JsonObject
  const schemas = structuredClone(spec.schemas) as Record<string, JsonObject>
  for (const a of allowed) {
    const path = a.path.split('.')
    if (a.where === operationName) allowAt(response, path)
    else if (a.where.startsWith('#') && schemas[a.where.slice(1)]) allowAt(schemas[a.where.slice(1)]!, path)
  }
  const root = { ...response, components: { schemas } }
  const text = JSON.stringify(root)
  problems.push(...cache.validatorFor(text, root, 'response')(body))
  return problems
}

/**
 * Checks an error body against the spec's error envelope: `{id, code, type, message}`, `code` equal to
 * the HTTP status, and a `type` the spec documents for that status. Returns the problems.
 */
export function checkError(spec: ApiSpec, status: number, body: unknown): string[] {
  const problems: string[] = []
  const b = (body ?? {}) as Record<string, unknown>
  if (typeof body !== 'object' || body === null) return ['error: body is not a JSON object']
  for (const k of ['id', 'type', 'message'] as const)
    if (typeof b[k] !== 'string') problems.push(`error.${k}: must be a string`)
  if (b.code !== status)
    problems.push(`error.code: must equal the HTTP status ${status}, got ${String(b.code)}`)
  const extra = Object.keys(b).filter((k) => !['id', 'code', 'type', 'message'].includes(k))
  if (extra.length) problems.push(`error: unexpected fields ${extra.join(', ')}`)
  if (typeof b.type === 'string' && !spec.errors.some((e) => e.status === status && e.type === b.type)) {
    problems.push(`error.type: ${b.type} is not a documented error type for status ${status}`)
  }
  return problems
}

/** Fills a spec path template (`/v1/chat/users/{id}`) with path parameters, URL-encoded. */
export function pathFor(op: SpecOperation, params: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k]
    if (v === undefined) throw new Error(`${op.name}: path parameter ${k} missing`)
    return encodeURIComponent(v)
  })
}

/** One row of a conformance report. */
export interface ConformanceRow {
  operation: string
  implemented: boolean
  conforms: boolean
  /** Why it is pending or what did not conform. */
  note?: string
}

/** The report as a fixed-width table (operation, implemented, conforms, note) with a totals line. */
export function formatTable(title: string, rows: ConformanceRow[]): string {
  const yes = (b: boolean) => (b ? 'yes' : 'NO')
  const width = Math.max(9, ...rows.map((r) => r.operation.length))
  const lines = [
    title,
    `${'operation'.padEnd(width)}  implemented  conforms  note`,
    `${'-'.repeat(width)}  -----------  --------  ----`,
    ...rows.map((r) =>
      `${r.operation.padEnd(width)}  ${yes(r.implemented).padEnd(11)}  ${yes(r.conforms).padEnd(8)}  ${r.note ?? ''}`.trimEnd(),
    ),
  ]
  const impl = rows.filter((r) => r.implemented).length
  const conf = rows.filter((r) => r.implemented && r.conforms).length
  lines.push(`${impl}/${rows.length} implemented, ${conf}/${rows.length} implemented and conforming`)
  return lines.join('\n')
}

/**
 * The operation a request is for, by method and path (query ignored); a literal segment wins over a
 * `{param}` (`/messages/import-messages` is importMessages, not getMessage).
 */
export function matchOperation(spec: ApiSpec, method: string, url: string): SpecOperation | undefined {
  const path = new URL(url, 'http://x').pathname
  const candidates = spec.operations.filter((o) => o.method === method.toLowerCase())
  let best: { op: SpecOperation; params: number } | undefined
  for (const op of candidates) {
    const re = new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}$`)
    if (!re.test(path)) continue
    const params = (op.path.match(/\{/g) ?? []).length
    if (!best || params < best.params) best = { op, params }
  }
  return best?.op
}

/** What one recorded call returned. */
interface Outcome {
  status: number
  problems: string[]
}

/** Something with an axios instance, as `@botpress/client`'s Client has. */
interface HasAxios {
  axiosInstance: {
    interceptors: {
      response: {
        use(
          ok: (r: AxiosLikeResponse) => AxiosLikeResponse,
          fail: (e: { response?: AxiosLikeResponse }) => unknown,
        ): number
      }
    }
  }
}
interface AxiosLikeResponse {
  status: number
  data: unknown
  config: { method?: string; url?: string; baseURL?: string }
}

/**
 * Collects every response of the calls made through attached clients (or recorded by hand, for raw
 * HTTP), checks each against the spec (2xx against the operation's response schema, errors against the
 * envelope) and reports per operation: implemented (a 2xx was seen), conforms (no problem in any body).
 */
export class ConformanceRecorder {
  private readonly outcomes = new Map<string, Outcome[]>()
  /** Requests that matched no operation of the spec. */
  readonly unmatched: string[] = []

  constructor(
    readonly spec: ApiSpec,
    private readonly allowed: AllowedExtra[] = [],
    /** Operations knowingly not served yet: name → reason. */
    private readonly pending: Record<string, string> = {},
  ) {}

  /** Records one response of `operationName` and returns its problems. */
  record(operationName: string, status: number, body: unknown): string[] {
    const problems =
      status >= 200 && status < 300
        ? checkResponse(this.spec, operationName, status, body, this.allowed)
        : checkError(this.spec, status, body)
    const list = this.outcomes.get(operationName) ?? []
    list.push({ status, problems })
    this.outcomes.set(operationName, list)
    return problems
  }

  /** Records every response `client` receives from now on (matched to its operation by method and path). */
  attach(client: unknown): void {
    const onResponse = (r: AxiosLikeResponse) => {
      const url = `${r.config.baseURL ?? ''}${r.config.url ?? ''}`
      const op = matchOperation(this.spec, r.config.method ?? 'get', url)
      if (op) this.record(op.name, r.status, r.data)
      else this.unmatched.push(`${r.config.method} ${url}`)
    }
    ;(client as HasAxios).axiosInstance.interceptors.response.use(
      (r) => {
        onResponse(r)
        return r
      },
      (e) => {
        if (e.response) onResponse(e.response)
        return Promise.reject(e)
      },
    )
  }

  /** The problems recorded for one operation (all calls). */
  problemsOf(operationName: string): string[] {
    return (this.outcomes.get(operationName) ?? []).flatMap((o) => o.problems)
  }

  /** One row per operation of the spec, in the spec's order. */
  rows(): ConformanceRow[] {
    return this.spec.operations.map((op) => {
      const seen = this.outcomes.get(op.name) ?? []
      const implemented = seen.some((o) => o.status >= 200 && o.status < 300)
      const problems = [...new Set(seen.flatMap((o) => o.problems))]
      const pending = this.pending[op.name]
      return {
        operation: op.name,
        implemented,
        conforms: implemented && problems.length === 0,
        note: pending
          ? `pending: ${pending}`
          : problems.length
            ? problems.slice(0, 3).join('; ')
            : seen.length === 0
              ? 'not called'
              : undefined,
      }
    })
  }
}
