import { randomBytes } from 'node:crypto'
import { loadConfig, secretValues } from '@switchboard/config'
import { createPool, type Pool } from '@switchboard/db'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos, type SecretsClient } from '@switchboard/proto'
import { createTestDatabase, type TestDatabase } from '@switchboard/testing'
import { startSecretsService, type SecretsService } from '../app.js'
import { secretsEnv } from '../config.js'

/** The dispatcher's token in tests. */
export const READER_TOKEN = 'test-reader-token-0123456789'
/** The admin's token in tests. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789'

/** A fresh key-encryption key as the master key variable holds it: base64 of 32 random bytes. */
export function newMasterKey(): string {
  return randomBytes(32).toString('base64')
}

/** The env a harness runs the service with (exported so the child-process test reuses it). */
export function harnessEnv(db: TestDatabase, masterKey: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: db.url,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    SECRETS_READER_TOKEN: READER_TOKEN,
    SECRETS_ADMIN_TOKEN: ADMIN_TOKEN,
    SWITCHBOARD_MASTER_KEY: masterKey,
    LOG_LEVEL: 'trace',
    ...extra,
  }
}

/** Clients of one running service, one per kind of caller. */
export interface Callers {
  reader: SecretsClient
  admin: SecretsClient
  anonymous: SecretsClient
  wrongToken: SecretsClient
}

/** A secrets service on its own database, with clients, SQL access and every line it logged. */
export interface Harness {
  db: TestDatabase
  /** A pool on the test database, to inspect and tamper with rows. */
  sql: Pool
  service: SecretsService
  callers: Callers
  /** Every line logged by every service this harness started, at trace level. */
  logs: string[]
  /** Stops the running service and starts it again with another master key (and env). */
  restart(masterKey: string, extra?: Record<string, string>): Promise<void>
  /** The `secrets` schema's rows as text, as a dump would show them. */
  dump(): Promise<string>
  close(): Promise<void>
}

function callersOf(port: number): Callers {
  const address = `127.0.0.1:${port}`
  const client = (token?: string) =>
    promiseClient(protos.secrets.SecretsService, address, { ...(token && { token }), timeoutMs: 10_000 })
  return {
    reader: client(READER_TOKEN),
    admin: client(ADMIN_TOKEN),
    anonymous: client(),
    wrongToken: client('not-a-token-of-this-service-at-all'),
  }
}

/** Starts the service in-process against a fresh database, logging into `logs`. */
export async function startHarness(masterKey: string, extra: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDatabase()
  const sql = createPool({ url: db.url, max: 2 })
  const logs: string[] = []
  const start = async (key: string, env: Record<string, string>) => {
    const config = loadConfig(secretsEnv, harnessEnv(db, key, env))
    const logger = createLogger({
      service: 'secrets',
      level: config.LOG_LEVEL,
      secrets: secretValues(secretsEnv, config),
      destination: { write: (line: string) => void logs.push(line) },
    })
    const service = await startSecretsService(config, logger)
    return { service, callers: callersOf(service.grpcPort) }
  }
  const closeCallers = (c: Callers) => Object.values(c).forEach((client) => client.close())

  const h: Harness = {
    db,
    sql,
    logs,
    ...(await start(masterKey, extra)),
    async restart(key, env = {}) {
      closeCallers(h.callers)
      await h.service.stop()
      Object.assign(h, await start(key, { ...extra, ...env }))
    },
    async dump() {
      const { rows: tables } = await sql.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'secrets' ORDER BY 1`,
      )
      const out: string[] = []
      for (const { table_name } of tables) {
        const { rows } = await sql.query<{ row: string }>(
          `SELECT t::text AS row FROM secrets."${table_name}" t`,
        )
        out.push(`-- ${table_name}`, ...rows.map((r) => r.row))
      }
      return out.join('\n')
    },
    async close() {
      closeCallers(h.callers)
      await h.service.stop()
      await sql.end()
      await db.drop()
    },
  }
  return h
}

/**
 * The forms a plaintext value could take in a dump or a log: as is, and as a bytea column would
 * print it (hex) or a JSON field would carry bytes (base64).
 */
export function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  return [value, bytes.toString('hex'), bytes.toString('base64')]
}

/** Runs `fn` expecting it to throw; returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn()
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error('expected the call to fail')
}
