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
import type { SandboxDriver, SandboxStatusRecord } from '@switchboard/sandbox'
import { startHealthServer } from '@switchboard/service'
import { createMetricsRegistry, trace } from '@switchboard/telemetry'
import { ALL_PARTITIONS } from '@switchboard/nats'
import type { DispatcherConfig } from './config.js'
import { serveActions } from './actions/serve-actions.js'
import { handleBot } from './bots/handle-bot.js'
import { workConsumers } from './consume/work-consumers.js'
import { createDriver } from './invoke/drivers.js'
import { Invoker } from './invoke/invoker.js'
import { handleOutgoing } from './outgoing/handle-outgoing.js'
import { ConfigurationSource } from './registry/configuration.js'
import { Registry } from './registry/registry.js'
import { SandboxTokens } from './registry/sandbox-tokens.js'
import { handleWebhook } from './webhooks/handle-webhook.js'
import { createDispatcherMetrics } from './metrics.js'

/** How often each dispatcher publishes its sandboxes' status (also on every start and crash). */
const SANDBOX_STATUS_INTERVAL_MS = 5000

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
  const targets = new Registry(admin)
  const self = `${hostname()}-${process.pid}`
  const tokens = new SandboxTokens({
    admin,
    instanceName: self,
    ttlMs: config.SANDBOX_TOKEN_TTL_MS,
    callMs: config.INVOKE_TIMEOUT_MS,
    logger,
  })
  const { driver, loadsBundles } = deps.driver
    ? { driver: deps.driver, loadsBundles: true }
    : createDriver(config, logger, { loopbackPorts: deps.loopbackPorts })
  const configuration = new ConfigurationSource(secrets, config.CONFIG_CACHE_TTL_MS)
  const registry = createMetricsRegistry('dispatcher')
  const ordered = [
    { stream: names.streams.outgoing, durable: names.consumers.dispatcherOutgoing },
    { stream: names.streams.bot, durable: names.consumers.dispatcherBot },
  ]
  const metrics = createDispatcherMetrics({
    registry,
    nc,
    driver,
    logger,
    consumers: [
      { stream: names.streams.webhooks, durable: names.consumers.dispatcherWebhooks },
      ...ordered.flatMap((o) => ALL_PARTITIONS.map((p) => ({ stream: o.stream, durable: o.durable(p) }))),
    ],
    streams: Object.values(names.streams),
  })
  // The console's sandboxes page: this dispatcher's sandboxes, on every start or crash and every few seconds.
  const publishSandboxes = () => {
    if (!driver.sandboxes || nc.isClosed()) return
    const record: SandboxStatusRecord = {
      dispatcher: self,
      time: new Date().toISOString(),
      sandboxes: driver.sandboxes(),
    }
    nc.publish(names.subjects.sandboxStatus, JSON.stringify(record))
  }
  driver.observe?.((event) => {
    metrics.sandbox(event)
    if (event.kind !== 'call') queueMicrotask(publishSandboxes)
  })
  const sandboxStatus = setInterval(publishSandboxes, SANDBOX_STATUS_INTERVAL_MS)
  sandboxStatus.unref()
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
      metrics.handlerCall(call)
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
        const { installationId } = m.json() as { installationId: string }
        targets.forget(installationId)
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
  const consumers = await workConsumers(names, common, config.CONCURRENCY, {
    webhook: (msg) => handleWebhook({ nc, registry: targets, invoker }, msg),
    outgoing: (msg) =>
      handleOutgoing({ registry: targets, invoker, admin, maxAttempts: config.MAX_ATTEMPTS }, msg),
    bot: (msg) => handleBot({ registry: targets, invoker }, msg),
    onOutcome: (durable, outcome, msg) => metrics.delivery({ durable, msg, outcome }),
  })
  await Promise.all(consumers.map((c) => c.start()))
  const actions = serveActions({
    nc,
    names,
    registry: targets,
    invoker,
    logger,
    onResult: (installationId, action, reply) =>
      metrics.action(installationId, action, reply.status, reply.body),
  })

  const http = await startHealthServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logger,
    registry,
    ready: () => !nc.isClosed(),
  })
  const httpPort = http.port
  logger.info({ httpPort }, 'dispatcher consuming')

  return {
    httpPort,
    async stop() {
      clearInterval(sandboxStatus)
      await http.close()
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
