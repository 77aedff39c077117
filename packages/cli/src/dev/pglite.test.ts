import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatApiEnv, SCHEMA as CHAT_SCHEMA, startChatApi, type ChatApi } from '@switchboard/chat-api'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos } from '@switchboard/proto'
import {
  SCHEMA as SECRETS_SCHEMA,
  secretsEnv,
  startSecretsService,
  type SecretsService,
} from '@switchboard/secrets'
import { checkSharedSearchPath, startEmbeddedPostgres, type EmbeddedPostgres } from './pglite.js'

const ADMIN = 'dev-test-admin-token-0123456789'
const READER = 'dev-test-reader-token-0123456789'
const silent = (service: string) => createLogger({ service, level: 'silent' })

let dir: string
let db: EmbeddedPostgres
let chat: ChatApi
let secrets: SecretsService

// dev mode's database: PGlite served over a socket, both services' pools sized to one connection.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-pglite-'))
  db = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite'), schemas: [CHAT_SCHEMA, SECRETS_SCHEMA] })
  const common = {
    DATABASE_URL: db.url,
    DATABASE_POOL_MAX: '1',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
  }
  ;[chat, secrets] = await Promise.all([
    startChatApi(
      loadConfig(chatApiEnv, { ...common, ADMIN_TOKEN: ADMIN, NATS_URL: 'nats://127.0.0.1:1' }),
      silent('chat-api'),
    ),
    startSecretsService(
      loadConfig(secretsEnv, {
        ...common,
        SECRETS_ADMIN_TOKEN: ADMIN,
        SECRETS_READER_TOKEN: READER,
        SWITCHBOARD_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
      silent('secrets'),
    ),
  ])
}, 60_000)

afterAll(async () => {
  await chat?.stop()
  await secrets?.stop()
  await db?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('the embedded Postgres of switchboard dev', () => {
  it('serves a query through pg over its socket', async () => {
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ answer: number; version: string }>(
        'SELECT 6 * 7 AS answer, version()',
      )
      expect(rows[0]).toMatchObject({ answer: 42, version: expect.stringContaining('PGlite') })
    } finally {
      await client.end()
    }
  })

  it("gives each of several connections its own queries' answers, outside transactions too", async () => {
    const clients = [new pg.Client(db.url), new pg.Client(db.url), new pg.Client(db.url)]
    await Promise.all(clients.map((c) => c.connect()))
    try {
      // Parameterised queries: each one a Parse/Bind/Execute/Sync batch the server must keep whole.
      const answers = await Promise.all(
        clients.flatMap((c, i) =>
          Array.from({ length: 50 }, async (_, j) => {
            const { rows } = await c.query('SELECT $1::text AS asked', [`${i}:${j}`])
            return [rows[0]?.asked, `${i}:${j}`]
          }),
        ),
      )
      for (const [got, asked] of answers) expect(got).toBe(asked)
    } finally {
      await Promise.all(clients.map((c) => c.end()))
    }
  })

  it('runs chat-api and secrets side by side on one-connection pools, each in its own schema', async () => {
    const admin = promiseClient(protos.admin.AdminService, `127.0.0.1:${chat.grpcPort}`, { token: ADMIN })
    const store = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${secrets.grpcPort}`, {
      token: ADMIN,
    })
    const reader = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${secrets.grpcPort}`, {
      token: READER,
    })
    try {
      // Concurrent calls from both services interleave on the one PGlite backend.
      const bots = await Promise.all(['one', 'two', 'three'].map((n) => admin.PutBot({ name: `bot-${n}` })))
      await Promise.all(
        bots.map((b) =>
          store.PutConfiguration({
            installationId: b.id,
            configurationJson: JSON.stringify({ who: b.name }),
            schemaJson: '{}',
          }),
        ),
      )
      const back = await reader.GetConfiguration({ installationId: bots[1]!.id })
      expect(JSON.parse(back.configurationJson)).toEqual({ who: 'bot-two' })
      expect((await admin.ListBots({})).bots.map((b) => b.name)).toEqual(['bot-one', 'bot-three', 'bot-two'])

      const pool = new pg.Pool({ connectionString: db.url, max: 1 })
      try {
        const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM chat.bots')
        expect(rows[0]!.n).toBe(3)
        await checkSharedSearchPath((sql, params) => pool.query(sql, params), [CHAT_SCHEMA, SECRETS_SCHEMA])
        // A table of the same name in both schemas would make unqualified names ambiguous: refused.
        await pool.query('CREATE TABLE secrets.bots (id text)')
        await expect(
          checkSharedSearchPath((sql, params) => pool.query(sql, params), [CHAT_SCHEMA, SECRETS_SCHEMA]),
        ).rejects.toThrow(/bots \((chat, secrets|secrets, chat)\)/)
        await pool.query('DROP TABLE secrets.bots')
      } finally {
        await pool.end()
      }
    } finally {
      admin.close()
      store.close()
      reader.close()
    }
  })
})
