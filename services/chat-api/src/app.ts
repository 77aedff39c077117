import { fileURLToPath } from 'node:url'
import { createPool, migrate, readMigrations, type Pool } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import { connectNats, natsNames, type NatsConnection } from '@switchboard/nats'
import {
  asyncService,
  bindGrpcServer,
  createGrpcServer,
  promiseClient,
  protos,
  shutdownGrpcServer,
} from '@switchboard/proto'
import { createMetricsRegistry } from '@switchboard/telemetry'
import type { FastifyInstance } from 'fastify'
import { SchemaCache } from '@switchboard/schema'
import { mayCallAdmin } from './auth/admin-identities.js'
import { identityGuard } from './auth/service-identity.js'
import { natsActionTransport } from './chat/action-transport.js'
import { CallerCache } from './auth/caller-cache.js'
import type { ChatDeps } from './chat/deps.js'
import { sweepIdempotencyKeys } from './chat/idempotency.js'
import { sweepExpiredTokens } from './registry/tokens.js'
import type { ChatApiConfig } from './config.js'
import { adminService } from './grpc/admin-service.js'
import { chatService } from './grpc/chat-service.js'
import { startFilesSweeper } from './files/maintenance.js'
import { createStorageDeps } from './files/storage.js'
import { TableJobRunner } from './tables/jobs.js'
import { createHttpServer } from './http/server.js'
import { NO_CONFIGURATION_STORE, type ConfigurationStore } from './registry/install.js'
import { createChatApiMetrics } from './metrics.js'
import { OutboxPublisher } from './outbox/outbox.js'
import { dueEvents } from './schedule/due-events.js'
import { dueMessages } from './schedule/due-messages.js'
import { expiredStates } from './schedule/expired-states.js'
import { Scheduler } from './schedule/scheduler.js'
import { recurringEvents } from './schedule/recurring-events.js'
import { timedOutWorkflows } from './schedule/workflow-timeouts.js'

/** How often expired tokens and idempotency keys are deleted. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000

/** The folder of chat-api's SQL migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url))
/** Postgres schema chat-api owns. */
export const SCHEMA = 'chat'

/** A running chat-api: its bound ports, and `stop()` for a graceful shutdown. */
export interface ChatApi {
  httpPort: number
  grpcPort: number
  pool: Pool
  stop(): Promise<void>
}

/**
 * Starts chat-api: migrates the `chat` schema, serves gRPC (AdminService, ChatService) and the
 * Runtime HTTP API, runs the outbox publisher and the scheduler. NATS being down does not stop the API: messages
 * are kept in the outbox and published when NATS is back.
 */
export async function startChatApi(config: ChatApiConfig, logger: Logger): Promise<ChatApi> {
  const pool = createPool(
    {
      url: config.DATABASE_URL,
      max: config.DATABASE_POOL_MAX,
      applicationName: 'chat-api',
      searchPath: SCHEMA,
    },
    (err) =>
      logger.warn(
        { err: { message: err.message, code: (err as { code?: string }).code } },
        'idle database connection failed',
      ),
  )
  const applied = await migrate(pool, SCHEMA, await readMigrations(MIGRATIONS_DIR))
  if (applied.length) logger.info({ applied }, 'migrations applied')

  const names = natsNames(config.NATS_PREFIX)
  const publisher = new OutboxPublisher({ pool, names, logger })
  // NATS may be down at start: the API serves anyway and the outbox holds messages until it is up.
  let nc: NatsConnection | undefined
  const connecting = connectNats(config.NATS_URL, 'chat-api', { waitOnFirstConnect: true }).then((c) => {
    nc = c
    publisher.attach(c)
    logger.info('connected to NATS')
    return c
  })
  const scheduler = new Scheduler({
    pool,
    logger,
    pollMs: config.SCHEDULER_POLL_MS,
    onOutbox: () => publisher.kick(),
    work: [
      dueEvents({ names }),
      dueMessages({ names }, (id, why) =>
        logger.warn({ messageId: id, why }, 'scheduled message dropped: it can no longer be created'),
      ),
      expiredStates({ names }),
      timedOutWorkflows({ names }),
      recurringEvents({ names }),
    ],
  })
  const deps: ChatDeps = {
    pool,
    names,
    onOutbox: () => publisher.kick(),
    onScheduled: (at) => scheduler.wake(at),
    actions: {
      transport: natsActionTransport(() => nc, names),
      schemas: new SchemaCache('action input schema'),
      timeoutMs: config.ACTION_TIMEOUT_MS,
    },
    callers: new CallerCache(config.AUTH_CACHE_TTL_MS),
  }

  const storage = createStorageDeps(pool, config, () => jobs.kick())
  const jobs = new TableJobRunner(storage, logger)

  const metrics = createMetricsRegistry('chat-api')
  const http: FastifyInstance = await createHttpServer({
    deps,
    storage,
    logger,
    metrics,
    requests: createChatApiMetrics(metrics, pool, logger, publisher),
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
    ready: async () => {
      await pool.query('SELECT 1')
      return true
    },
  })

  // ApplyInstallation stores configurations at the secrets service, as its admin (write-only) identity.
  const secrets = config.SECRETS_GRPC_URL
    ? promiseClient(protos.secrets.SecretsService, config.SECRETS_GRPC_URL, {
        token: config.SECRETS_ADMIN_TOKEN ?? '',
      })
    : undefined
  const configurations: ConfigurationStore = secrets
    ? {
        put: async (installationId, configurationJson, schemaJson) => {
          await secrets.PutConfiguration({ installationId, configurationJson, schemaJson })
        },
      }
    : NO_CONFIGURATION_STORE

  const grpc = createGrpcServer()
  const onError = (method: string, err: unknown) => {
    const code = (err as { code?: string }).code
    if (!code || code === 'Internal') logger.error({ err, method }, 'gRPC call failed')
  }
  const adminGuard = identityGuard(
    {
      admin: config.ADMIN_TOKEN,
      'webhook-resolver': config.WEBHOOK_RESOLVER_TOKEN,
      dispatcher: config.DISPATCHER_TOKEN,
    },
    mayCallAdmin,
  )
  grpc.addService(
    protos.admin.AdminService.service,
    asyncService(
      adminService({
        pool,
        names,
        onOutbox: deps.onOutbox,
        configurations,
        chat: deps,
        nats: () => nc,
        onScheduled: deps.onScheduled,
        onInstallationChanged: (installationId, webhookId) => {
          deps.callers.forgetInstallation(installationId)
          nc?.publish(names.subjects.installationChanged, JSON.stringify({ installationId, webhookId }))
        },
        onTokenRevoked: (tokenId) => deps.callers.forgetToken(tokenId),
        identityOf: adminGuard.identityOf,
      }),
      { guard: adminGuard.guard, onError },
    ),
  )
  const chatGuard = identityGuard({ service: config.SERVICE_TOKEN ?? config.ADMIN_TOKEN }, () => true)
  grpc.addService(
    protos.chat.ChatService.service,
    asyncService(chatService(deps), { guard: chatGuard.guard, onError }),
  )

  const grpcPort = await bindGrpcServer(grpc, config.GRPC_HOST, config.GRPC_PORT)
  await http.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT })
  const httpPort = (http.server.address() as { port: number }).port
  publisher.start()
  scheduler.start()
  // Expired tokens and idempotency keys are kept a day, so an hourly sweep is plenty. (Expired states
  // are the scheduler's: their bot hears of each one.)
  jobs.kick()
  const stopFilesSweeper = startFilesSweeper(pool, logger, config.FILES_SWEEP_INTERVAL_MS)
  const sweeper = setInterval(() => {
    sweepExpiredTokens(pool).catch((err) => logger.warn({ err }, 'token sweep failed'))
    sweepIdempotencyKeys(pool).catch((err) => logger.warn({ err }, 'idempotency key sweep failed'))
  }, SWEEP_INTERVAL_MS)
  sweeper.unref()
  logger.info({ httpPort, grpcPort }, 'chat-api listening')

  let stopping: Promise<void> | undefined
  return {
    httpPort,
    grpcPort,
    pool,
    stop() {
      // Once: a second call (a test's, a signal during shutdown) waits for the first.
      return (stopping ??= stop())
    },
  }

  async function stop(): Promise<void> {
    clearInterval(sweeper)
    await scheduler.stop()
    stopFilesSweeper()
    await http.close()
    await jobs.idle()
    await shutdownGrpcServer(grpc)
    secrets?.close()
    await publisher.stop()
    if (nc) await nc.drain().catch(() => nc?.close())
    else void connecting.then((c) => c.close())
    await pool.end()
  }
}
