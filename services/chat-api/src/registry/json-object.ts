import { InvalidInputError } from '@switchboard/errors'

/** `json` parsed as a JSON object (empty = `{}`); anything else is an InvalidInputError naming `field`. */
export function parseJsonObject(json: string, field: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(json || '{}')
  } catch (err) {
    throw new InvalidInputError(`${field}: is not JSON`, { cause: err })
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInputError(`${field}: must be a JSON object`)
  return value as Record<string, unknown>
}
