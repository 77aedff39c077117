import { createServer, type Server } from 'node:http'
import { hostname } from 'node:os'
import type { Logger } from '@switchboard/logging'
import {
  connectNats,
  ensureStreams,
  natsNames,
  type HandlerLogRecord,
  type NatsConnection,
} from '@switchboard/nats'
import { promiseClient, protos } from '@switchboard/proto'
import type { SandboxDriver } from '@switchboard/sandbox'
import { createMetricsRegistry, trace } from '@switchboard/telemetry'
import type { DispatcherConfig } from './config.js'
import { serveActions } from './actions/serve-actions.js'
import { handleBot } from './bots/handle-bot.js'
import { SequenceGate } from './consume/sequence-gate.js'
import { StreamConsumer } from './consume/stream-consumer.js'
import { createDriver } from './invoke/drivers.js'
import { Invoker } from './invoke/invoker.js'
import { handleOutgoing } from './outgoing/handle-outgoing.js'
import { ConfigurationSource } from './registry/configuration.js'
import { Registry } from './registry/registry.js'
import { SandboxTokens } from './registry/sandbox-tokens.js'
import { createDispatcherMetrics } from './metrics.js'
import { handleWebhook } from './webhooks/handle-webhook.js'

/** A running dispatcher. */
export interface Dispatcher {
  httpPort: number
  stop(): Promise<void>
}

/** Optional collaborators; tests and cluster mode pass their own sandbox driver. */
export interface DispatcherDeps {
  driver?: SandboxDriver
}

/**
 * Starts the dispatcher: durable consumers on SB_WEBHOOKS (→ `webhook_received`), SB_OUTGOING
 * (→ `message_created`, `register`, `unregister`) and SB_BOT (→ the bot's `event_received`), each
 * conversation's notices delivered in order across dispatchers, sandboxes through the driver (process sandboxes by default), retries with
 * backoff and dead letters on SB_DEAD, and `/healthz`, `/readyz`, `/metrics`.
 */
export async function startDispatcher(
  config: DispatcherConfig,
  logger: Logger,
  deps: DispatcherDeps = {},
): Promise<Dispatcher> {
  const names = natsNames(config.NATS_PREFIX)
  const nc: NatsConnection = await connectNats(config.NATS_URL, 'dispatcher')
  await ensureStreams(nc, names)

  const admin = promiseClient(protos.admin.AdminService, config.ADMIN_GRPC_URL, { token: config.ADMIN_TOKEN })
  const secrets = promiseClient(protos.secrets.SecretsService, config.SECRETS_GRPC_URL, {
    token: config.SECRETS_READER_TOKEN,
  })
  const registry = new Registry(admin)
  const tokens = new SandboxTokens(admin, `${hostname()}-${process.pid}`)
  const metrics = createMetricsRegistry('dispatcher')
  const counters = createDispatcherMetrics(metrics)
  const { driver, loadsBundles } = deps.driver
    ? { driver: deps.driver, loadsBundles: true }
    : createDriver(config, logger)
  const invoker = new Invoker({
    driver,
    config: new ConfigurationSource(secrets),
    tokens,
    chatApiUrl: config.CHAT_API_URL,
    publicWebhookBaseUrl: config.PUBLIC_WEBHOOK_BASE_URL,
    timeoutMs: config.INVOKE_TIMEOUT_MS,
    memoryMb: config.SANDBOX_MEMORY_MB,
    requireBundle: loadsBundles,
    onCall: (call) => {
      if (call.cost !== undefined)
        counters.handlerCost.inc({ integration: call.integrationName, operation: call.operation }, call.cost)
      const record: HandlerLogRecord = {
        time: new Date(call.started).toISOString(),
        installationId: call.installationId,
        operation: call.operation,
        outcome: call.error ? 'failed' : 'ok',
        status: call.status,
        durationMs: Date.now() - call.started,
        error: call.error?.message.slice(0, 2000),
        ...(call.cost !== undefined && { cost: call.cost }),
        traceId: trace.getActiveSpan()?.spanContext().traceId,
      }
      nc.publish(names.subjects.logs(call.installationId), JSON.stringify(record))
    },
  })

  // Installation changes (disable, delete, upgrade) apply to the next message.
  const changes = nc.subscribe(names.subjects.installationChanged, {
    callback: (_err, m) => {
      try {
        registry.forget((m.json() as { installationId: string }).installationId)
      } catch {
        /* a malformed notice changes nothing */
      }
    },
  })

  // Delivery order of each conversation's notices, shared by every dispatcher.
  const gate = await SequenceGate.open(nc, names.buckets.order)
  const common = {
    nc,
    logger,
    gate,
    retry: {
      maxAttempts: config.MAX_ATTEMPTS,
      backoffBaseMs: config.BACKOFF_BASE_MS,
      backoffMaxMs: config.BACKOFF_MAX_MS,
    },
    ackWaitMs: config.INVOKE_TIMEOUT_MS * 2 + 10_000,
    concurrency: config.CONCURRENCY,
  }
  const consumers = [
    new StreamConsumer({
      ...common,
      stream: names.streams.webhooks,
      durable: names.consumers.dispatcherWebhooks,
      deadSubject: names.subjects.dead(names.streams.webhooks),
      // Webhooks run concurrently (up to CONCURRENCY): their subject is the installation, and serialising
      // an installation's webhooks would cap it at one handler call at a time. The messages they create
      // are numbered by chat-api, so what reaches the bot is still in creation order.
      orderKey: (msg) => `webhook:${msg.seq}`,
      handle: (msg) => handleWebhook({ nc, registry, invoker }, msg),
    }),
    new StreamConsumer({
      ...common,
      stream: names.streams.outgoing,
      durable: names.consumers.dispatcherOutgoing,
      deadSubject: names.subjects.dead(names.streams.outgoing),
      handle: (msg) => handleOutgoing({ registry, invoker, admin, maxAttempts: config.MAX_ATTEMPTS }, msg),
    }),
    new StreamConsumer({
      ...common,
      stream: names.streams.bot,
      durable: names.consumers.dispatcherBot,
      deadSubject: names.subjects.dead(names.streams.bot),
      handle: (msg) => handleBot({ registry, invoker }, msg),
    }),
  ]
  for (const c of consumers) await c.start()
  const actions = serveActions({ nc, names, registry, invoker, logger })

  const http: Server = createServer((req, res) => {
    if (req.url === '/healthz') return void res.writeHead(200).end('ok')
    if (req.url === '/readyz')
      return void res.writeHead(nc.isClosed() ? 503 : 200).end(nc.isClosed() ? 'not ready' : 'ready')
    if (req.url === '/metrics') {
      return void metrics
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body))
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => http.listen(config.HTTP_PORT, config.HTTP_HOST, resolve))
  const httpPort = (http.address() as { port: number }).port
  logger.info({ httpPort }, 'dispatcher consuming')

  return {
    httpPort,
    async stop() {
      http.close()
      for (const c of consumers) await c.stop()
      changes.unsubscribe()
      await actions.drain()
      await driver.close()
      await tokens.revokeAll()
      admin.close()
      secrets.close()
      await nc.drain().catch(() => nc.close())
    },
  }
}
