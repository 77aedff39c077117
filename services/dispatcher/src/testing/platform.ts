import { createServer, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@botpress/client'
import { ADMIN_TOKEN, startHarness, type Harness as ChatHarness } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { buildBot, buildIntegration, EXAMPLES, type BuiltBot, type BuiltIntegration } from '@switchboard/cli'
import { ingressEnv, startIngress, type Ingress } from '@switchboard/ingress'
import { createLogger } from '@switchboard/logging'
import {
  READER_TOKEN,
  newMasterKey,
  startHarness as startSecrets,
  type Harness as SecretsHarness,
} from '@switchboard/secrets/testing'
import { startDispatcher, type Dispatcher } from '../app.js'
import { dispatcherEnv } from '../config.js'

/** A local HTTP server that records the JSON bodies POSTed to it (the example's outgoing target). */
export interface Sink {
  url: string
  received: Array<Record<string, unknown>>
  /** When each body of `received` arrived (ms since the epoch), in the same order. */
  receivedAt: number[]
  close(): Promise<void>
}

/** Starts a sink on a free port; `status` chooses the answer to each body (default 204). */
export async function startSink(
  status: (body: Record<string, unknown>) => number = () => 204,
): Promise<Sink> {
  const received: Array<Record<string, unknown>> = []
  const receivedAt: number[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const json = JSON.parse(body || '{}') as Record<string, unknown>
      received.push(json)
      receivedAt.push(Date.now())
      res.writeHead(status(json)).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/outgoing`,
    received,
    receivedAt,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

/** chat-api, secrets, ingress and dispatcher running in this process, wired together, on free ports. */
export interface Platform {
  chat: ChatHarness
  secrets: SecretsHarness
  ingress: Ingress
  dispatcher: Dispatcher
  ingressUrl: string
  /** The example integration built with the real SDK. */
  example: BuiltIntegration
  /** The example echo bot built with the real SDK. */
  echoBot: BuiltBot
  /** Starts one more dispatcher on the same streams (a second replica). */
  startDispatcher(): Promise<Dispatcher>
  close(): Promise<void>
}

/** Starts the whole webhook path with test settings (fast retries); `env` overrides dispatcher settings. */
export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const outDir = await mkdtemp(join(tmpdir(), 'platform-example-'))
  const [chat, secrets, example, echoBot] = await Promise.all([
    startHarness(),
    startSecrets(newMasterKey(), { LOG_LEVEL: 'silent' }),
    buildIntegration(EXAMPLES.webhookIntegration, { outDir: join(outDir, 'integration') }),
    buildBot(EXAMPLES.echoBot, { outDir: join(outDir, 'bot') }),
  ])
  const logger = createLogger({ service: 'platform-test', level: process.env.SB_TEST_LOG_LEVEL ?? 'silent' })
  const common = {
    ADMIN_TOKEN,
    ADMIN_GRPC_URL: `127.0.0.1:${chat.api.grpcPort}`,
    NATS_URL: chat.nats.url,
    NATS_PREFIX: chat.nats.prefix,
  }
  const ingress = await startIngress(
    loadConfig(ingressEnv, { ...common, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
    logger,
  )
  const ingressUrl = `http://127.0.0.1:${ingress.port}`
  const dispatcherConfig = loadConfig(dispatcherEnv, {
    ...common,
    SECRETS_GRPC_URL: `127.0.0.1:${secrets.service.grpcPort}`,
    SECRETS_READER_TOKEN: READER_TOKEN,
    CHAT_API_URL: chat.apiUrl,
    PUBLIC_WEBHOOK_BASE_URL: ingressUrl,
    MAX_ATTEMPTS: '3',
    BACKOFF_BASE_MS: '100',
    INVOKE_TIMEOUT_MS: '5000',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  })
  const dispatchers = [await startDispatcher(dispatcherConfig, logger)]
  return {
    chat,
    secrets,
    ingress,
    dispatcher: dispatchers[0]!,
    ingressUrl,
    example,
    echoBot,
    async startDispatcher() {
      const d = await startDispatcher(dispatcherConfig, logger)
      dispatchers.push(d)
      return d
    },
    async close() {
      for (const d of dispatchers) await d.stop()
      await ingress.stop()
      await Promise.all([chat.close(), secrets.close()])
      await rm(outDir, { recursive: true, force: true })
    },
  }
}

/** How the bot of `installExample` answers: not at all, as a bundle in a sandbox, or at an endpoint. */
export type BotKind = { bundle: Buffer } | { endpointUrl: string; signingSecret: string }

/** The bot `installExample` made, with a Runtime API client acting as it. */
export type ExampleBot = Awaited<ReturnType<ChatHarness['createBot']>>

async function createBot(p: Platform, name: string, kind?: BotKind): Promise<ExampleBot> {
  if (!kind) return p.chat.createBot(name)
  const bot = await p.chat.admin.PutBot({
    name,
    bundle: 'bundle' in kind ? kind.bundle : Buffer.alloc(0),
    endpoint: 'endpointUrl' in kind ? { url: kind.endpointUrl, signingSecret: '' } : null,
  })
  if ('signingSecret' in kind) {
    await p.secrets.callers.admin.PutIntegrationSecrets({
      integrationId: bot.id,
      secrets: { SIGNING_SECRET: kind.signingSecret },
    })
  }
  const token = await p.chat.admin.CreateToken({
    kind: 'bot',
    botId: bot.id,
    integrationId: '',
    name: 'test',
  })
  return {
    id: bot.id,
    token: token.secret,
    client: new Client({ apiUrl: p.chat.apiUrl, botId: bot.id, token: token.secret }),
  }
}

/**
 * The example integration installed in a fresh bot (by default one that does not answer), configured
 * to POST outgoing messages to `sinkUrl`.
 */
export async function installExample(
  p: Platform,
  sinkUrl: string,
  opts: { botName?: string; idempotencyKey?: string; bot?: BotKind } = {},
): Promise<{ bot: ExampleBot; installationId: string; webhookId: string }> {
  const intg = await p.chat.admin.PutIntegration({
    name: 'webhook',
    version: '0.1.0',
    definitionJson: JSON.stringify(p.example.definition),
    bundle: p.example.bundle,
    webhook: { idempotencyKey: opts.idempotencyKey ?? '', syncTimeoutMs: 4000 },
  })
  const bot = await createBot(p, opts.botName ?? 'quiet-bot', opts.bot)
  // Created disabled, configured, then enabled: `register` runs with its configuration.
  const inst = await p.chat.admin.CreateInstallation({
    botId: bot.id,
    integrationId: intg.id,
    alias: 'webhook',
    enabled: false,
  })
  await p.secrets.callers.admin.PutConfiguration({
    installationId: inst.id,
    configurationJson: JSON.stringify({ url: sinkUrl }),
    schemaJson: JSON.stringify(p.example.definition.configuration?.schema ?? {}),
  })
  await p.chat.admin.UpdateInstallation({ id: inst.id, enabled: true, integrationId: '' })
  return { bot, installationId: inst.id, webhookId: inst.webhookId }
}
