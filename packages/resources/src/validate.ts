import { API_VERSION, KINDS, type Kind, type SwitchboardResource } from './kinds.js'
import type { JSONSchemaProps } from './schema.js'

/** One problem in a manifest: the field, as `spec.alias` or `spec.bundle`, and what is wrong with it. */
export interface FieldError {
  field: string
  message: string
}

/** The outcome of `validateResource`. */
export type ValidationResult =
  { ok: true; resource: SwitchboardResource; errors: [] } | { ok: false; errors: FieldError[] }

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** `FieldError` as one line: `spec.alias: must match …`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${e.message}`
}

/**
 * Checks a manifest (parsed YAML or JSON) against the same OpenAPI schema the CRD carries, the way
 * the API server does with strict field validation (what `kubectl apply` uses): types, required
 * fields, enums, patterns, bounds, the one-of choices (`spec.bundle`), and unknown fields. Each error
 * names the field. Transition rules (`alias` and `botRef` cannot change) need the stored object and
 * are left to the API server.
 */
export function validateResource(manifest: unknown): ValidationResult {
  const errors: FieldError[] = []
  if (!isObject(manifest)) {
    return { ok: false, errors: [{ field: '(root)', message: 'must be an object' }] }
  }
  if (manifest.apiVersion !== API_VERSION) {
    errors.push({ field: 'apiVersion', message: `must be ${API_VERSION}, got ${show(manifest.apiVersion)}` })
  }
  const info = KINDS.find((k) => k.kind === manifest.kind)
  if (!info) {
    errors.push({
      field: 'kind',
      message: `must be one of ${KINDS.map((k) => k.kind).join(', ')}, got ${show(manifest.kind)}`,
    })
  }
  validateMetadata(manifest.metadata, errors)
  if (info) {
    if (manifest.spec === undefined) errors.push({ field: 'spec', message: 'is required' })
    else check(info.spec.openapi, manifest.spec, 'spec', errors)
    if (manifest.status !== undefined) check(info.status.openapi, manifest.status, 'status', errors)
  }
  for (const key of Object.keys(manifest)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) {
      errors.push({ field: key, message: 'unknown field' })
    }
  }
  if (errors.length) return { ok: false, errors }
  return { ok: true, resource: manifest as unknown as SwitchboardResource, errors: [] }
}

/** True when `manifest` claims to be a Switchboard resource (its apiVersion is in our group). */
export function isSwitchboardManifest(manifest: unknown): manifest is { kind: Kind } {
  return (
    isObject(manifest) &&
    typeof manifest.apiVersion === 'string' &&
    manifest.apiVersion.startsWith('switchboard.dev/')
  )
}

function validateMetadata(meta: unknown, errors: FieldError[]): void {
  if (!isObject(meta)) {
    errors.push({ field: 'metadata', message: 'is required and must be an object' })
    return
  }
  const name = meta.name
  if (typeof name !== 'string' || !name) errors.push({ field: 'metadata.name', message: 'is required' })
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    errors.push({
      field: 'metadata.name',
      message: `${show(name)} must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
    })
  }
  const ns = meta.namespace
  if (ns !== undefined && (typeof ns !== 'string' || ns.length > 63 || !DNS_LABEL.test(ns))) {
    errors.push({ field: 'metadata.namespace', message: `${show(ns)} is not a valid namespace name` })
  }
  for (const key of ['labels', 'annotations'] as const) {
    const v = meta[key]
    if (v === undefined) continue
    if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) {
      errors.push({ field: `metadata.${key}`, message: 'must map strings to strings' })
    }
  }
}

/** Validates `value` at `path` against a structural schema, appending to `errors`. */
function check(s: JSONSchemaProps, value: unknown, path: string, errors: FieldError[]): void {
  const fail = (message: string) => errors.push({ field: path, message })
  switch (s.type) {
    case 'object': {
      if (!isObject(value)) return void fail(`must be an object, got ${typeName(value)}`)
      for (const req of s.required ?? []) {
        if (value[req] === undefined) errors.push({ field: join(path, req), message: 'is required' })
      }
      for (const [k, v] of Object.entries(value)) {
        const prop = s.properties?.[k]
        if (prop) check(prop, v, join(path, k), errors)
        else if (s.additionalProperties) check(s.additionalProperties, v, join(path, k), errors)
        else if (!s['x-kubernetes-preserve-unknown-fields']) {
          errors.push({ field: join(path, k), message: 'unknown field' })
        }
      }
      if (s.maxProperties !== undefined && Object.keys(value).length > s.maxProperties) {
        fail(`must have at most ${s.maxProperties} fields`)
      }
      if (s.oneOf) checkOneOf(s.oneOf, value, path, errors)
      const forbidden = s.not?.required
      if (forbidden && forbidden.every((k) => value[k] !== undefined)) {
        fail(`must not set ${forbidden.join(' and ')} together`)
      }
      return
    }
    case 'array': {
      if (!Array.isArray(value)) return void fail(`must be a list, got ${typeName(value)}`)
      if (s.minItems !== undefined && value.length < s.minItems)
        fail(`must have at least ${s.minItems} items`)
      if (s.maxItems !== undefined && value.length > s.maxItems) fail(`must have at most ${s.maxItems} items`)
      value.forEach((item, i) => s.items && check(s.items, item, `${path}[${i}]`, errors))
      const keys = s['x-kubernetes-list-map-keys']
      if (keys) {
        const seen = new Set<string>()
        value.forEach((item, i) => {
          const id = JSON.stringify(keys.map((k) => (isObject(item) ? item[k] : undefined)))
          if (seen.has(id))
            errors.push({ field: `${path}[${i}]`, message: `duplicate entry for ${keys.join(', ')}` })
          seen.add(id)
        })
      }
      return
    }
    case 'string': {
      if (typeof value !== 'string') return void fail(`must be a string, got ${typeName(value)}`)
      if (s.enum && !s.enum.includes(value))
        return void fail(`must be one of ${s.enum.join(', ')}, got ${show(value)}`)
      if (s.minLength !== undefined && value.length < s.minLength) {
        return void fail(
          s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`,
        )
      }
      if (s.maxLength !== undefined && value.length > s.maxLength) {
        return void fail(`must be at most ${s.maxLength} characters`)
      }
      if (s.pattern && !new RegExp(s.pattern).test(value)) {
        return void fail(`${show(value)} does not match ${s.pattern}`)
      }
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value)))
        fail(`${show(value)} is not a date-time`)
      return
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || (s.type === 'integer' && !Number.isInteger(value))) {
        return void fail(
          `must be ${s.type === 'integer' ? 'an integer' : 'a number'}, got ${typeName(value)}`,
        )
      }
      if (s.minimum !== undefined && value < s.minimum) return void fail(`must be at least ${s.minimum}`)
      if (s.maximum !== undefined && value > s.maximum) return void fail(`must be at most ${s.maximum}`)
      return
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${typeName(value)}`)
      return
  }
}

/** The structural one-of the kinds use: each branch lists fields that must all be set. */
function checkOneOf(
  branches: JSONSchemaProps[],
  value: Record<string, unknown>,
  path: string,
  errors: FieldError[],
) {
  const matched = branches.filter((b) => (b.required ?? []).every((k) => value[k] !== undefined))
  if (matched.length === 1) return
  const choices = branches.map((b) => (b.required ?? []).join(' + ')).join(', or ')
  if (matched.length === 0) {
    // Name the missing half of a started choice (url without sha256), else list the choices.
    const started = branches.find((b) => value[b.required?.[0] ?? ''] !== undefined)
    const missing = started?.required?.filter((k) => value[k] === undefined) ?? []
    if (missing.length) {
      for (const k of missing)
        errors.push({ field: join(path, k), message: `is required with ${started!.required![0]}` })
      return
    }
    errors.push({ field: path, message: `must set exactly one of: ${choices}` })
    return
  }
  const set = matched.map((b) => b.required?.[0]).join(' and ')
  errors.push({ field: path, message: `must set exactly one of: ${choices} (${set} are both set)` })
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  return typeof v
}

function show(v: unknown): string {
  const s = JSON.stringify(v)
  return s === undefined ? 'nothing' : s.length > 80 ? `${s.slice(0, 77)}...` : s
}
