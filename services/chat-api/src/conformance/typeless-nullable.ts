import type { ApiSpec } from './spec.js'

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' && !('type' in node)) continue
    out[k] = strip(v)
  }
  return out
}

/**
 * The spec with OpenAPI's `nullable` dropped wherever a schema has no `type`. The Files spec writes
 * `metadata: {additionalProperties: {nullable: true}}`; a schema without a type already admits null,
 * and Ajv refuses `nullable` without `type`, so this changes no verdict, only makes it checkable.
 */
export function withoutTypelessNullable(spec: ApiSpec): ApiSpec {
  return {
    ...spec,
    operations: spec.operations.map((o) => ({ ...o, responseSchema: strip(o.responseSchema) })),
    schemas: strip(spec.schemas) as Record<string, unknown>,
  }
}
