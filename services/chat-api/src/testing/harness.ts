import { Client } from '@botpress/client'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos, type AdminClient } from '@switchboard/proto'
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@switchboard/testing'
import { startChatApi, type ChatApi } from '../app.js'
import { chatApiEnv, type ChatApiConfig } from '../config.js'

/** The admin token every harness uses. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789'
/** The webhook-resolver identity's token (what ingress holds) in every harness. */
export const WEBHOOK_RESOLVER_TOKEN = 'test-webhook-resolver-token-0123'
/** The dispatcher identity's token in every harness. */
export const DISPATCHER_TOKEN = 'test-dispatcher-token-0123456789'

/** An integration definition with one channel, as `bp read` would print it. */
export const TEST_DEFINITION = {
  name: 'webhook',
  version: '1.0.0',
  configuration: { schema: { type: 'object', properties: { url: { type: 'string' } } } },
  channels: { channel: { messages: { text: { schema: {} } }, conversation: { tags: { id: {} } } } },
  user: { tags: { id: {} } },
  events: { ping: {} },
  actions: {
    notify: {
      input: { schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
      output: { schema: { type: 'object' } },
    },
  },
}

/** A started chat-api with its own database and NATS prefix, and helpers to set tenants up. */
export interface Harness {
  api: ChatApi
  db: TestDatabase
  nats: TestNats
  config: ChatApiConfig
  apiUrl: string
  admin: AdminClient
  /** A bot with a bot token. */
  createBot(name: string): Promise<{ id: string; token: string; client: Client }>
  /** An integration version with an integration token. */
  createIntegration(name: string, definition?: object): Promise<{ id: string; token: string }>
  /** Installs an integration in a bot and returns a client acting as that integration. */
  install(
    bot: { id: string },
    integration: { id: string; token: string },
    alias?: string,
  ): Promise<{ id: string; webhookId: string; alias: string; client: Client }>
  close(): Promise<void>
}

function adminClient(port: number): AdminClient {
  return promiseClient(protos.admin.AdminService, `127.0.0.1:${port}`, { token: ADMIN_TOKEN })
}

/** The config a harness runs chat-api with (exported so child-process tests reuse it). */
export function harnessEnv(
  db: TestDatabase,
  nats: TestNats,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.prefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    ADMIN_TOKEN,
    WEBHOOK_RESOLVER_TOKEN,
    DISPATCHER_TOKEN,
    LOG_LEVEL: 'silent',
    ...extra,
  }
}

/** Starts chat-api in-process against a fresh database and NATS prefix. */
export async function startHarness(extraEnv: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDatabase()
  const nats = await createTestNats()
  const config = loadConfig(chatApiEnv, harnessEnv(db, nats, extraEnv))
  const api = await startChatApi(config, createLogger({ service: 'chat-api', level: config.LOG_LEVEL }))
  const apiUrl = `http://127.0.0.1:${api.httpPort}`
  const admin = adminClient(api.grpcPort)
  return {
    api,
    db,
    nats,
    config,
    apiUrl,
    admin,
    async createBot(name) {
      const bot = await admin.PutBot({ name })
      const token = await admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'test' })
      return {
        id: bot.id,
        token: token.secret,
        client: new Client({ apiUrl, botId: bot.id, token: token.secret }),
      }
    },
    async createIntegration(name, definition = TEST_DEFINITION) {
      const intg = await admin.PutIntegration({
        name,
        version: '1.0.0',
        definitionJson: JSON.stringify(definition),
      })
      const token = await admin.CreateToken({ kind: 'integration', integrationId: intg.id, name: 'test' })
      return { id: intg.id, token: token.secret }
    },
    async install(bot, integration, alias) {
      const inst = await admin.CreateInstallation({
        botId: bot.id,
        integrationId: integration.id,
        alias: alias ?? '',
        enabled: true,
      })
      const client = new Client({
        apiUrl,
        botId: bot.id,
        integrationId: integration.id,
        integrationAlias: inst.alias,
        token: integration.token,
      } as ConstructorParameters<typeof Client>[0])
      return { id: inst.id, webhookId: inst.webhookId, alias: inst.alias, client }
    },
    async close() {
      admin.close()
      await api.stop()
      await nats.cleanup()
      await db.drop()
    },
  }
}

/** Runs `fn` expecting a Runtime API error; returns the error as the client surfaced it. */
export async function apiError(
  fn: () => Promise<unknown>,
): Promise<{ code: number; type: string; message: string; id: string }> {
  try {
    await fn()
  } catch (err) {
    return err as { code: number; type: string; message: string; id: string }
  }
  throw new Error('expected the call to fail')
}
