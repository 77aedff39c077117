import { z } from 'zod'

/** Thrown at start when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
  }
}

const secretKeys = new WeakSet<z.ZodType>()

/**
 * Marks a config field as secret: its value is never printed in a config error, and
 * `secretValues(schema, config)` lists it so the logger can redact it.
 */
export function secret<T extends z.ZodType>(schema: T): T {
  secretKeys.add(schema)
  return schema
}

/**
 * Parses `env` (the process environment by default) with a zod object schema whose keys are the
 * environment variable names. Fails with a `ConfigError` that names every bad variable.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const input: Record<string, string | undefined> = {}
  for (const key of Object.keys(schema.shape)) {
    const v = env[key]
    input[key] = v === '' ? undefined : v
  }
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(root)')
    const field = schema.shape[name] as z.ZodType | undefined
    const hidden = field && secretKeys.has(unwrap(field))
    const got = input[name]
    const shown =
      got === undefined ? 'is not set' : hidden ? 'is set (value hidden)' : `is ${JSON.stringify(got)}`
    return `${name} ${shown}: ${issue.message}`
  })
  throw new ConfigError(problems)
}

/** Lists the values of the fields marked `secret()`, so the logger can redact them anywhere. */
export function secretValues<S extends z.ZodObject>(schema: S, config: z.infer<S>): string[] {
  const out: string[] = []
  for (const [key, field] of Object.entries(schema.shape)) {
    if (!secretKeys.has(unwrap(field as z.ZodType))) continue
    const v = (config as Record<string, unknown>)[key]
    if (typeof v === 'string' && v.length > 0) out.push(v)
  }
  return out
}

function unwrap(t: z.ZodType): z.ZodType {
  let cur: z.ZodType = t
  // Optional/default wrappers hide the inner schema that secret() marked.
  for (let i = 0; i < 5; i++) {
    const def = (cur as unknown as { def?: { innerType?: z.ZodType } }).def
    if (secretKeys.has(cur) || !def?.innerType) break
    cur = def.innerType
  }
  return cur
}
