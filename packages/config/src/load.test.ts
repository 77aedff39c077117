import { describe, expect, it } from 'vitest'
import { commonEnv, ConfigError, flag, loadConfig, port, secret, secretValues, z } from './index.js'

const schema = z.object({
  ...commonEnv,
  DATABASE_URL: secret(z.string().startsWith('postgres')),
  HTTP_PORT: port(8081),
  DEBUG: flag(false),
})

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const c = loadConfig(schema, { DATABASE_URL: 'postgres://x', HTTP_PORT: '9000', DEBUG: 'yes' })
    expect(c).toMatchObject({
      HTTP_PORT: 9000,
      DEBUG: true,
      LOG_LEVEL: 'info',
      NATS_URL: 'nats://127.0.0.1:4222',
    })
  })

  it('names every bad variable, and hides secret values', () => {
    let err: unknown
    try {
      loadConfig(schema, { DATABASE_URL: 'mysql://user:hunter2@db', HTTP_PORT: 'eighty' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const msg = (err as Error).message
    expect(msg).toMatch(/DATABASE_URL is set \(value hidden\)/)
    expect(msg).toMatch(/HTTP_PORT is "eighty"/)
    expect(msg).not.toContain('hunter2')
  })

  it('says when a required variable is not set', () => {
    expect(() => loadConfig(schema, {})).toThrow(/DATABASE_URL is not set/)
  })

  it('lists secret values for the logger to scrub', () => {
    const c = loadConfig(schema, { DATABASE_URL: 'postgres://u:pw@h/db' })
    expect(secretValues(schema, c)).toEqual(['postgres://u:pw@h/db'])
  })
})
