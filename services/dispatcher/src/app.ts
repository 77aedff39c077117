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
import { orderedConsumers } from './consume/ordered-consumers.js'
import { StreamConsumer } from './consume/stream-consumer.js'
import { createDriver } from './invoke/drivers.js'
import { Invoker } from './invoke/invoker.js'
import { handleOutgoing } from './outgoing/handle-outgoing.js'
import { ConfigurationSource } from './registry/configuration.js'
import { Registry } from './registry/registry.js'
import { SandboxTokens } from './registry/sandbox-tokens.js'
import { handleWebhook } from './webhooks/handle-webhook.js'

/** A running dispatcher. */
export interface Dispatcher {
  httpPort: number
  stop(): Promise<void>
}

/** Optional collaborators; tests and cluster mode pass their own sandbox driver. */
export interface DispatcherDeps {
  driver?: SandboxDriver
  /** Loopback ports process sandboxes may reach, read at each sandbox start (tests' stand-in services). */
  loopbackPorts?: () => Iterable<number>
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

  const admin = promiseClient(protos.admin.AdminService, config.ADMIN_GRPC_URL, {
    token: config.DISPATCHER_TOKEN,
  })
  const secrets = promiseClient(protos.secrets.SecretsService, config.SECRETS_GRPC_URL, {
    token: config.SECRETS_READER_TOKEN,
  })
  const registry = new Registry(admin)
  const tokens = new SandboxTokens({
    admin,
    instanceName: `${hostname()}-${process.pid}`,
    ttlMs: config.SANDBOX_TOKEN_TTL_MS,
    callMs: config.INVOKE_TIMEOUT_MS,
    logger,
  })
  const { driver, loadsBundles } = deps.driver
    ? { driver: deps.driver, loadsBundles: true }
    : createDriver(config, logger, { loopbackPorts: deps.loopbackPorts })
  const configuration = new ConfigurationSource(secrets, config.CONFIG_CACHE_TTL_MS)
  const invoker = new Invoker({
    driver,
    config: configuration,
    tokens,
    chatApiUrl: config.CHAT_API_URL,
    publicWebhookBaseUrl: config.PUBLIC_WEBHOOK_BASE_URL,
    timeoutMs: config.INVOKE_TIMEOUT_MS,
    memoryMb: config.SANDBOX_MEMORY_MB,
    requireBundle: loadsBundles,
    onCall: (call) => {
      const record: HandlerLogRecord = {
        time: new Date(call.started).toISOString(),
        installationId: call.installationId,
        operation: call.operation,
        outcome: call.error ? 'failed' : 'ok',
        status: call.status,
        durationMs: Date.now() - call.started,
        error: call.error?.message.slice(0, 2000),
        traceId: trace.getActiveSpan()?.spanContext().traceId,
      }
      nc.publish(names.subjects.logs(call.installationId), JSON.stringify(record))
    },
  })

  // Installation changes (disable, delete, upgrade) apply to the next message.
  const changes = nc.subscribe(names.subjects.installationChanged, {
    callback: (_err, m) => {
      try {
        const { installationId } = m.json() as { installationId: string }
        registry.forget(installationId)
        configuration.forget(installationId)
      } catch {
        /* a malformed notice changes nothing */
      }
    },
  })

  const common = {
    nc,
    logger,
    retry: {
      maxAttempts: config.MAX_ATTEMPTS,
      backoffBaseMs: config.BACKOFF_BASE_MS,
      backoffMaxMs: config.BACKOFF_MAX_MS,
    },
    ackWaitMs: config.ACK_WAIT_MS,
  }
  const legacy = names.consumers.legacy
  const consumers = [
    // Webhooks carry no conversation (the handler finds it), so they run concurrently; what they
    // create is ordered by chat-api's outbox and the partitioned streams below.
    new StreamConsumer({
      ...common,
      stream: names.streams.webhooks,
      durable: names.consumers.dispatcherWebhooks,
      deadSubject: names.subjects.dead(names.streams.webhooks),
      concurrency: config.CONCURRENCY,
      handle: (msg) => handleWebhook({ nc, registry, invoker }, msg),
    }),
    // Each conversation's notices in order, across dispatchers: one ordered consumer per partition.
    ...(await orderedConsumers(
      {
        stream: names.streams.outgoing,
        filter: names.subjects.partition.outgoing,
        durable: names.consumers.dispatcherOutgoing,
        legacy: {
          filter: names.subjects.legacy.outgoing,
          durable: legacy.outgoing,
          drainDurable: legacy.outgoingDrain,
        },
      },
      {
        ...common,
        deadSubject: names.subjects.dead(names.streams.outgoing),
        handle: (msg) => handleOutgoing({ registry, invoker, admin, maxAttempts: config.MAX_ATTEMPTS }, msg),
      },
    )),
    ...(await orderedConsumers(
      {
        stream: names.streams.bot,
        filter: names.subjects.partition.bot,
        durable: names.consumers.dispatcherBot,
        legacy: { filter: names.subjects.legacy.bot, durable: legacy.bot, drainDurable: legacy.botDrain },
      },
      {
        ...common,
        deadSubject: names.subjects.dead(names.streams.bot),
        handle: (msg) => handleBot({ registry, invoker }, msg),
      },
    )),
  ]
  await Promise.all(consumers.map((c) => c.start()))
  const actions = serveActions({ nc, names, registry, invoker, logger })

  const metrics = createMetricsRegistry('dispatcher')
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
