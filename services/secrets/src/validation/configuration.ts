import { InvalidInputError } from '@switchboard/errors'
import { checkSize, parseJsonField } from './input.js'
import type { SchemaCache } from '@switchboard/schema'

/** Largest configuration schema accepted. Schemas are not secret, and definitions can be large. */
export const MAX_SCHEMA_BYTES = 1024 * 1024

/**
 * Checks a PutConfiguration request's configuration against the integration definition's schema
 * and returns the configuration as compact JSON, ready to encrypt. Errors name the field
 * (`configuration.url: must be string`) and never quote a value.
 */
export function validateConfiguration(
  input: { configurationJson: string; schemaJson: string },
  opts: { maxBytes: number; schemas: SchemaCache },
): string {
  checkSize('configuration_json', input.configurationJson, opts.maxBytes)
  checkSize('schema_json', input.schemaJson, MAX_SCHEMA_BYTES)
  if (!input.configurationJson) throw new InvalidInputError('configuration_json: is required')
  if (!input.schemaJson) {
    throw new InvalidInputError(
      `schema_json: is required (the integration definition's configuration schema; {} accepts any object)`,
    )
  }
  const configuration = parseJsonField('configuration_json', input.configurationJson)
  if (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration)) {
    throw new InvalidInputError('configuration: must be a JSON object')
  }
  const schema = parseJsonField('schema_json', input.schemaJson)
  const problems = opts.schemas.validatorFor(input.schemaJson, schema, 'configuration')(configuration)
  if (problems.length) throw new InvalidInputError(problems.join('; '))
  return JSON.stringify(configuration)
}
