import { describe, expect, it } from 'vitest'
import { validateConfiguration } from './configuration.js'
import { SchemaCache } from '@switchboard/schema'
import { validateIntegrationSecrets } from './secrets.js'

/** What zod-to-json-schema makes of a Botpress SDK configuration schema (draft-07, with x-zui). */
const SDK_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    url: { type: 'string', format: 'uri', 'x-zui': { title: 'Webhook URL' } },
    apiKey: { type: 'string', minLength: 8, 'x-zui': { secret: true } },
    retries: { type: 'integer', minimum: 0, default: 3 },
    channels: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    },
    mode: { type: 'string', enum: ['live', 'test'] },
  },
  required: ['url', 'apiKey'],
  additionalProperties: false,
})

const opts = { maxBytes: 1024, schemas: new SchemaCache('schema_json') }
const put = (configuration: unknown, schemaJson = SDK_SCHEMA) =>
  validateConfiguration({ configurationJson: JSON.stringify(configuration), schemaJson }, opts)
const problemOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return err as Error & { code: string }
  }
  throw new Error('expected a validation error')
}

describe('configuration against the definition schema', () => {
  it('accepts a valid configuration and returns it as compact JSON', () => {
    const ok = { url: 'https://example.com/hook', apiKey: 'validation-secret-1', channels: [{ id: 'c1' }] }
    expect(JSON.parse(put(ok))).toEqual(ok)
  })

  it('names the field that breaks the schema, never its value', () => {
    const err = problemOf(() => put({ url: 42, apiKey: 'short' }))
    expect(err.code).toBe('InvalidInput')
    expect(err.message).toContain('configuration.url: must be string')
    expect(err.message).toContain('configuration.apiKey: must NOT have fewer than 8 characters')
    expect(err.message).not.toContain('short')
  })

  it('names missing, unexpected and nested fields', () => {
    expect(problemOf(() => put({ url: 'https://x.y' })).message).toBe('configuration.apiKey: is required')
    expect(
      problemOf(() => put({ url: 'https://x.y', apiKey: 'validation-secret-2', extra: true })).message,
    ).toBe('configuration.extra: is not allowed')
    expect(
      problemOf(() => put({ url: 'https://x.y', apiKey: 'validation-secret-3', channels: [{ id: 'a' }, {}] }))
        .message,
    ).toBe('configuration.channels[1].id: is required')
    expect(problemOf(() => put({ url: 'not a url', apiKey: 'validation-secret-4' })).message).toBe(
      'configuration.url: must match format "uri"',
    )
  })

  it('refuses malformed JSON without quoting it, and a configuration that is not an object', () => {
    const err = problemOf(() =>
      validateConfiguration({ configurationJson: '{"apiKey": "leaky-value" oops', schemaJson: '{}' }, opts),
    )
    expect(err.code).toBe('InvalidInput')
    expect(err.message).toMatch(/^configuration_json: malformed JSON/)
    expect(err.message).not.toContain('leaky-value')
    expect(err.cause).toBeUndefined()
    expect(problemOf(() => put([1, 2], '{}')).message).toBe('configuration: must be a JSON object')
  })

  it('refuses a missing or unusable schema', () => {
    expect(problemOf(() => put({}, '')).message).toMatch(/^schema_json: is required/)
    expect(problemOf(() => put({}, '{"type": "nonsense"}')).message).toMatch(
      /^schema_json: not a usable JSON Schema/,
    )
    expect(problemOf(() => put({}, '{"$ref": "https://example.com/remote.json"}')).message).toMatch(
      /^schema_json: not a usable JSON Schema/,
    )
  })

  it('compiles two schemas with the same $id independently', () => {
    const a = JSON.stringify({
      $id: 'https://example.com/configuration.json',
      type: 'object',
      required: ['a'],
    })
    const b = JSON.stringify({
      $id: 'https://example.com/configuration.json',
      type: 'object',
      required: ['b'],
    })
    expect(put({ a: 1 }, a)).toBe('{"a":1}')
    expect(put({ b: 1 }, b)).toBe('{"b":1}')
  })

  it('refuses an oversized configuration with the limit in the message', () => {
    const err = problemOf(() => put({ blob: 'x'.repeat(2000) }, '{}'))
    expect(err.code).toBe('PayloadTooLarge')
    expect(err.message).toMatch(/^configuration_json is \d+ bytes; the limit is 1024 bytes$/)
  })
})

describe('integration secrets', () => {
  it('accepts SECRET_<NAME>-able names and sorts them', () => {
    expect(validateIntegrationSecrets({ B_KEY: '2', A1: '1' }, { maxBytes: 1024 })).toBe(
      '{"A1":"1","B_KEY":"2"}',
    )
  })

  it('refuses names that cannot become environment variables', () => {
    for (const name of ['lower', '1ABC', 'WITH-DASH', '_LEADING', '']) {
      const err = problemOf(() => validateIntegrationSecrets({ [name]: 'v' }, { maxBytes: 1024 }))
      expect(err.code).toBe('InvalidInput')
      expect(err.message).toContain('must match ^[A-Z][A-Z0-9_]*$')
    }
  })

  it('refuses oversized secrets with the limit in the message', () => {
    const err = problemOf(() => validateIntegrationSecrets({ BIG: 'x'.repeat(2000) }, { maxBytes: 1024 }))
    expect(err.code).toBe('PayloadTooLarge')
    expect(err.message).toMatch(/^secrets is \d+ bytes; the limit is 1024 bytes$/)
  })
})
