import { createServer, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from '@botpress/client'
import {
  DISPATCHER_TOKEN,
  startHarness,
  WEBHOOK_RESOLVER_TOKEN,
  type Harness as ChatHarness,
} from '@switchboard/chat-api/testing'
import type { AdminClient, SecretsClient } from '@switchboard/proto'
import { loadConfig } from '@switchboard/config'
import {
  buildBot,
  buildIntegration,
  EXAMPLES,
  freePort,
  type BuiltBot,
  type BuiltIntegration,
} from '@switchboard/cli'
import { ingressEnv, startIngress, type Ingress } from '@switchboard/ingress'
import { createLogger } from '@switchboard/logging'
import {
  ADMIN_TOKEN as SECRETS_ADMIN_TOKEN,
  READER_TOKEN,
  newMasterKey,
  startHarness as startSecrets,
  type Harness as SecretsHarness,
} from '@switchboard/secrets/testing'
import { startServiceProcess, type ServiceProcess } from '@switchboard/testing'
import { startDispatcher, type Dispatcher } from '../app.js'
import { dispatcherEnv } from '../config.js'

export { startEndpointBot, type BotEvent, type BotRequest, type EndpointBot } from './endpoint-bot.js'

/** The chat-api settings that point its install sequence at a secrets harness. */
export function secretsEnvFor(secrets: SecretsHarness): Record<string, string> {
  return {
    SECRETS_GRPC_URL: `127.0.0.1:${secrets.service.grpcPort}`,
    SECRETS_ADMIN_TOKEN,
  }
}

/** A local HTTP server that records the JSON bodies POSTed to it (the example's outgoing target). */
export interface Sink {
  url: string
  received: Array<Record<string, unknown>>
  /** When each body of `received` arrived (ms since the epoch), in the same order. */
  receivedAt: number[]
  close(): Promise<void>
}

/**
 * Ports of the sinks running in this process: the stand-ins for external services that the platform's
 * network-isolated sandboxes may reach on this host's loopback.
 */
const sinkPorts = new Set<number>()

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
  sinkPorts.add(port)
  return {
    url: `http://127.0.0.1:${port}/outgoing`,
    received,
    receivedAt,
    close: () =>
      new Promise((r) =>
        server.close(() => {
          sinkPorts.delete(port)
          r()
        }),
      ),
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
  /**
   * Starts one more dispatcher in a process of its own (`npm start -w @switchboard/dispatcher`, same
   * settings, logging to `logFile`), for tests that kill it with SIGKILL. `close()` stops it.
   */
  spawnDispatcher(logFile: string): Promise<ServiceProcess>
  close(): Promise<void>
}

/** Starts the whole webhook path with test settings (fast retries); `env` overrides dispatcher settings. */
export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const outDir = await mkdtemp(join(tmpdir(), 'platform-example-'))
  const [secrets, example, echoBot] = await Promise.all([
    startSecrets(newMasterKey(), { LOG_LEVEL: 'silent' }),
    buildIntegration(EXAMPLES.webhookIntegration, { outDir: join(outDir, 'integration') }),
    buildBot(EXAMPLES.echoBot, { outDir: join(outDir, 'bot') }),
  ])
  // chat-api's install sequence stores configurations at this secrets service.
  const chat = await startHarness(secretsEnvFor(secrets))
  const logger = createLogger({ service: 'platform-test', level: process.env.SB_TEST_LOG_LEVEL ?? 'silent' })
  const common = {
    ADMIN_GRPC_URL: `127.0.0.1:${chat.api.grpcPort}`,
    NATS_URL: chat.nats.url,
    NATS_PREFIX: chat.nats.prefix,
  }
  const ingress = await startIngress(
    loadConfig(ingressEnv, {
      ...common,
      WEBHOOK_RESOLVER_TOKEN,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    }),
    logger,
  )
  const ingressUrl = `http://127.0.0.1:${ingress.port}`
  const dispatcherVars: Record<string, string> = {
    ...common,
    DISPATCHER_TOKEN,
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
  }
  const dispatcherConfig = loadConfig(dispatcherEnv, dispatcherVars)
  const deps = { loopbackPorts: () => sinkPorts }
  const dispatchers = [await startDispatcher(dispatcherConfig, logger, deps)]
  const processes: ServiceProcess[] = []
  return {
    chat,
    secrets,
    ingress,
    dispatcher: dispatchers[0]!,
    ingressUrl,
    example,
    echoBot,
    async startDispatcher() {
      const d = await startDispatcher(dispatcherConfig, logger, deps)
      dispatchers.push(d)
      return d
    },
    async spawnDispatcher(logFile) {
      const port = await freePort('127.0.0.1')
      const child = await startServiceProcess({
        workspace: '@switchboard/dispatcher',
        env: {
          ...dispatcherVars,
          HTTP_PORT: String(port),
          LOG_LEVEL: 'warn',
          // Its sandboxes may reach the sinks started so far, as the in-process dispatchers' may.
          SANDBOX_LOOPBACK_PORTS: [...sinkPorts].join(','),
        },
        readyUrl: `http://127.0.0.1:${port}/readyz`,
        logFile,
      })
      processes.push(child)
      return child
    },
    async close() {
      for (const c of processes) await c.stop()
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

/**
 * What `installExample` talks to: a running platform's admin APIs (in this process, as `Platform`,
 * or in processes of their own, as the chaos run starts it) and the example integration's build.
 */
export interface ExampleHost {
  admin: AdminClient
  secretsAdmin: SecretsClient
  /** The Runtime API's base URL (for the bot's client). */
  apiUrl: string
  example: BuiltIntegration
}

/** The admin side of an in-process `Platform`. */
export function hostOf(p: Platform): ExampleHost {
  return {
    admin: p.chat.admin,
    secretsAdmin: p.secrets.callers.admin,
    apiUrl: p.chat.apiUrl,
    example: p.example,
  }
}

async function createBot(h: ExampleHost, name: string, kind?: BotKind): Promise<ExampleBot> {
  const bot = await h.admin.PutBot({
    name,
    bundle: kind && 'bundle' in kind ? kind.bundle : Buffer.alloc(0),
    endpoint: kind && 'endpointUrl' in kind ? { url: kind.endpointUrl, signingSecret: '' } : null,
  })
  if (kind && 'signingSecret' in kind) {
    await h.secretsAdmin.PutIntegrationSecrets({
      integrationId: bot.id,
      secrets: { SIGNING_SECRET: kind.signingSecret },
    })
  }
  const token = await h.admin.CreateToken({
    kind: 'bot',
    botId: bot.id,
    integrationId: '',
    name: 'test',
  })
  return {
    id: bot.id,
    token: token.secret,
    client: new Client({ apiUrl: h.apiUrl, botId: bot.id, token: token.secret }),
  }
}

/**
 * The example integration installed in a fresh bot (by default one that does not answer), configured
 * to POST outgoing messages to `sinkUrl`.
 */
export async function installExample(
  p: Platform | ExampleHost,
  sinkUrl: string,
  opts: { botName?: string; idempotencyKey?: string; bot?: BotKind } = {},
): Promise<{ bot: ExampleBot; installationId: string; webhookId: string }> {
  const h = 'chat' in p ? hostOf(p) : p
  const intg = await h.admin.PutIntegration({
    name: 'webhook',
    version: '0.1.0',
    definitionJson: JSON.stringify(h.example.definition),
    bundle: h.example.bundle,
    // Long enough for a sandbox's cold start on a loaded 2-core CI machine: tests that expect the
    // handler's own answer (200) must not get the timeout's 202 instead.
    webhook: { idempotencyKey: opts.idempotencyKey ?? '', syncTimeoutMs: 15_000 },
  })
  const bot = await createBot(h, opts.botName ?? 'quiet-bot', opts.bot)
  // The admin API's install sequence: created disabled, configured, then enabled (register runs).
  const { installation: inst } = await h.admin.ApplyInstallation({
    botId: bot.id,
    integrationId: intg.id,
    alias: 'webhook',
    configurationJson: JSON.stringify({ url: sinkUrl }),
    enabled: true,
  })
  if (!inst) throw new Error('ApplyInstallation answered without an installation')
  return { bot, installationId: inst.id, webhookId: inst.webhookId }
}

/** A Runtime API client acting as the example integration (installed as `webhook`) in `botId`. */
export async function actAsIntegration(p: Platform, botId: string): Promise<Client> {
  const intg = await p.chat.admin.GetIntegration({ id: '', name: 'webhook', version: '0.1.0' })
  const token = await p.chat.admin.CreateToken({
    kind: 'integration',
    integrationId: intg.id,
    botId: '',
    name: 'test',
  })
  return new Client({ apiUrl: p.chat.apiUrl, botId, integrationId: intg.id, token: token.secret })
}
