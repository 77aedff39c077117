import { fileURLToPath } from 'node:url'
import { createPool, migrate, readMigrations, type Pool } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import { connectNats, natsNames, type NatsConnection } from '@switchboard/nats'
import {
  asyncService,
  bindGrpcServer,
  createGrpcServer,
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
import { sweepExpiredStates } from './chat/states.js'
import { sweepExpiredTokens } from './registry/tokens.js'
import type { ChatApiConfig } from './config.js'
import { adminService } from './grpc/admin-service.js'
import { chatService } from './grpc/chat-service.js'
import { createHttpServer } from './http/server.js'
import { OutboxPublisher } from './outbox/outbox.js'

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
 * Runtime HTTP API, and runs the outbox publisher. NATS being down does not stop the API: messages
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
  const deps: ChatDeps = {
    pool,
    names,
    onOutbox: () => publisher.kick(),
    actions: {
      transport: natsActionTransport(() => nc, names),
      schemas: new SchemaCache('action input schema'),
      timeoutMs: config.ACTION_TIMEOUT_MS,
    },
    callers: new CallerCache(config.AUTH_CACHE_TTL_MS),
  }

  const metrics = createMetricsRegistry('chat-api')
  const http: FastifyInstance = await createHttpServer({
    deps,
    logger,
    metrics,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
    ready: async () => {
      await pool.query('SELECT 1')
      return true
    },
  })

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
  const sweeper = setInterval(() => {
    sweepExpiredStates(pool).catch((err) => logger.warn({ err }, 'state sweep failed'))
    sweepExpiredTokens(pool).catch((err) => logger.warn({ err }, 'token sweep failed'))
  }, config.STATE_SWEEP_INTERVAL_MS)
  sweeper.unref()
  logger.info({ httpPort, grpcPort }, 'chat-api listening')

  return {
    httpPort,
    grpcPort,
    pool,
    async stop() {
      clearInterval(sweeper)
      await http.close()
      await shutdownGrpcServer(grpc)
      await publisher.stop()
      if (nc) await nc.drain().catch(() => nc?.close())
      else void connecting.then((c) => c.close())
      await pool.end()
    },
  }
}
