import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml'
import { validateResource, type SwitchboardResource } from '@switchboard/resources'
import { CliError } from '../cli/errors.js'

/** Where a document came from, and how to find the line of one of its fields. */
export interface ManifestSource {
  /** Absolute path of the file. */
  file: string
  /** The file's directory: relative `bundle.path`s and env files resolve from it. */
  dir: string
  /** 1-based line where the document starts. */
  line: number
  /** The 1-based line of `field` (as `spec.bundle.path`), or of its closest parent that exists. */
  lineOf(field: string): number
}

/** A Switchboard resource read from a manifest. */
export interface LoadedResource {
  resource: SwitchboardResource
  source: ManifestSource
  /**
   * An Integration whose `spec.bundle.path` is an SDK project may leave `spec.definition` out: the
   * build supplies it.
   */
  definitionFromBuild: boolean
}

/** A `v1` Secret from the same files: locally, what `secretsFrom`, `configurationFrom` and `signingSecretRef` name. */
export interface LoadedSecret {
  name: string
  data: Record<string, string>
  source: ManifestSource
}

/** Everything `apply -f` / `delete -f` read. */
export interface Manifests {
  resources: LoadedResource[]
  secrets: Map<string, LoadedSecret>
}

/** One problem in a manifest, located: file, line, which resource, which field. */
export interface ManifestProblem {
  file: string
  line: number
  /** `Installation echo-webhook`, or `document 2` when the kind or name is unknown. */
  what: string
  field: string
  message: string
}

/** Problems in manifests; the message lists them one per line as `file:line: what: field: message`. */
export class ManifestError extends CliError {
  constructor(
    readonly problems: ManifestProblem[],
    cwd = process.cwd(),
  ) {
    super(problems.map((p) => formatProblem(p, cwd)).join('\n'))
    this.name = 'ManifestError'
  }
}

/** `examples/bad.yaml:14: Installation echo: spec.botRef.name: is required` */
export function formatProblem(p: ManifestProblem, cwd = process.cwd()): string {
  const file = relative(cwd, p.file) || p.file
  return `${file}:${p.line}: ${p.what}: ${p.field}: ${p.message}`
}

/** A problem at `field` of a loaded document. */
export function problemAt(
  source: ManifestSource,
  what: string,
  field: string,
  message: string,
): ManifestProblem {
  return { file: source.file, line: source.lineOf(field), what, field, message }
}

/** `Kind name` of a loaded resource, as problems and `apply` name it. */
export function describeResource(r: { kind: string; metadata: { name: string } }): string {
  return `${r.kind} ${r.metadata.name}`
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
/** Annotation of a local Secret: read its keys from an env file (KEY=value lines) next to the manifest. */
export const ENV_FILE_ANNOTATION = 'switchboard.dev/env-file'

/** The files `-f <path>` means: the file, or a directory's *.yaml, *.yml and *.json (not recursive). */
export async function manifestFiles(paths: string[], cwd = process.cwd()): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const abs = resolve(cwd, p)
    const info = await stat(abs).catch(() => undefined)
    if (!info) throw new CliError(`${p}: no such file or directory`)
    if (info.isDirectory()) {
      const entries = (await readdir(abs)).filter((f) => MANIFEST_EXTENSIONS.has(extname(f))).sort()
      if (!entries.length) throw new CliError(`${p}: no .yaml, .yml or .json files in this directory`)
      out.push(...entries.map((f) => join(abs, f)))
    } else out.push(abs)
  }
  return out
}

/**
 * Reads manifests as `kubectl apply -f` does (every document of every file), checks each Switchboard
 * resource against the schema of its kind, and collects `v1` Secrets. Throws a `ManifestError` listing
 * every problem with its file, line and field; nothing is half-read.
 */
export async function loadManifests(paths: string[], cwd = process.cwd()): Promise<Manifests> {
  const problems: ManifestProblem[] = []
  const resources: LoadedResource[] = []
  const secrets = new Map<string, LoadedSecret>()
  const seen = new Map<string, ManifestSource>()

  for (const file of await manifestFiles(paths, cwd)) {
    const text = await readFile(file, 'utf8')
    const lines = new LineCounter()
    const docs = parseAllDocuments(text, { lineCounter: lines })
    if (!Array.isArray(docs)) continue // an empty stream
    for (const [i, doc] of docs.entries()) {
      const source = sourceOf(file, doc, lines)
      const where = `document ${i + 1}`
      if (doc.errors.length) {
        for (const e of doc.errors) {
          const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line
          problems.push({ file, line, what: where, field: '(yaml)', message: e.message.split('\n')[0]! })
        }
        continue
      }
      const value: unknown = doc.toJS()
      if (value === null || value === undefined) continue
      const obj = value as Record<string, unknown>
      const meta = obj.metadata as { name?: unknown } | undefined
      const what =
        typeof obj.kind === 'string' && typeof meta?.name === 'string' ? `${obj.kind} ${meta.name}` : where

      if (obj.apiVersion === 'v1' && obj.kind === 'Secret') {
        const secret = await readSecret(obj, source, what, problems)
        if (secret) {
          if (secrets.has(secret.name)) {
            problems.push(problemAt(source, what, 'metadata.name', `Secret ${secret.name} is defined twice`))
          }
          secrets.set(secret.name, secret)
        }
        continue
      }

      const result = validateResource(value)
      const pathBundle = (obj.spec as { bundle?: { path?: unknown } } | undefined)?.bundle?.path
      const definitionFromBuild =
        obj.kind === 'Integration' &&
        typeof pathBundle === 'string' &&
        (obj.spec as { definition?: unknown }).definition === undefined
      // Locally, an SDK project's build supplies the definition that the schema requires.
      const errors = result.errors.filter((e) => !(definitionFromBuild && e.field === 'spec.definition'))
      for (const e of errors) problems.push(problemAt(source, what, e.field, e.message))
      if (errors.length) continue

      const resource = value as SwitchboardResource
      const key = `${resource.kind}/${resource.metadata.name}`
      const first = seen.get(key)
      if (first) {
        const firstAt = `${relative(cwd, first.file) || first.file}:${first.line}`
        problems.push(problemAt(source, what, 'metadata.name', `${key} is also defined at ${firstAt}`))
        continue
      }
      seen.set(key, source)
      resources.push({ resource, source, definitionFromBuild })
    }
  }
  if (problems.length) throw new ManifestError(problems, cwd)
  return { resources, secrets }
}

async function readSecret(
  obj: Record<string, unknown>,
  source: ManifestSource,
  what: string,
  problems: ManifestProblem[],
): Promise<LoadedSecret | undefined> {
  const fail = (field: string, message: string) => void problems.push(problemAt(source, what, field, message))
  const meta = obj.metadata as { name?: unknown; annotations?: Record<string, unknown> } | undefined
  if (typeof meta?.name !== 'string' || !meta.name) return fail('metadata.name', 'is required')
  const data: Record<string, string> = {}
  const envFile = meta.annotations?.[ENV_FILE_ANNOTATION]
  if (envFile !== undefined) {
    const field = `metadata.annotations["${ENV_FILE_ANNOTATION}"]`
    if (typeof envFile !== 'string') return fail(field, 'must be a path')
    const text = await readFile(resolve(source.dir, envFile), 'utf8').catch(() => undefined)
    if (text === undefined) return fail(field, `cannot read ${envFile} (relative to the manifest)`)
    Object.assign(data, parseEnvFile(text))
  }
  for (const [field, decode] of [
    ['data', (v: string) => Buffer.from(v, 'base64').toString('utf8')],
    ['stringData', (v: string) => v],
  ] as const) {
    const map = obj[field]
    if (map === undefined || map === null) continue
    if (typeof map !== 'object' || Array.isArray(map)) return fail(field, 'must map keys to strings')
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string') return fail(`${field}.${k}`, `must be a string, got ${typeof v}`)
      data[k] = decode(v)
    }
  }
  return { name: meta.name, data, source }
}

/** `KEY=value` lines (optionally `export KEY=value`, values optionally quoted); `#` starts a comment line. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(raw)
    if (!m || raw.trimStart().startsWith('#')) continue
    let v = m[2]!
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1)
    out[m[1]!] = v
  }
  return out
}

function sourceOf(file: string, doc: Document, lines: LineCounter): ManifestSource {
  const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0
  const line = lines.linePos(start).line
  return {
    file,
    dir: dirname(file),
    line,
    lineOf: (field) => lineOfField(doc, field, lines) ?? line,
  }
}

/** Splits `spec.configuration["a.b"].items[2]` into `['spec', 'configuration', 'a.b', 'items', 2]`. */
export function fieldPath(field: string): Array<string | number> {
  const out: Array<string | number> = []
  const re = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy
  let m: RegExpExecArray | null
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1])
    else if (m[2] !== undefined) out.push(Number(m[2]))
    else out.push(JSON.parse(m[3]!) as string)
  }
  return out
}

/** The line of a field's key, walking down the YAML nodes; stops at the deepest part that exists. */
function lineOfField(doc: Document, field: string, lines: LineCounter): number | undefined {
  let node: unknown = doc.contents
  let line: number | undefined
  for (const seg of fieldPath(field)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg)
      if (!pair) break
      const at = (pair.key as { range?: [number, number, number] } | null)?.range?.[0]
      if (at !== undefined) line = lines.linePos(at).line
      node = pair.value
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as { range?: [number, number, number] } | undefined
      if (!item) break
      if (item.range) line = lines.linePos(item.range[0]).line
      node = item
    } else break
  }
  return line
}
