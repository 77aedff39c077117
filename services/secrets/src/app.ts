import { fileURLToPath } from 'node:url'
import { createPool, migrate, readMigrations, type Pool } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import {
  asyncService,
  bindGrpcServer,
  createGrpcServer,
  protos,
  shutdownGrpcServer,
} from '@switchboard/proto'
import { startHealthServer } from '@switchboard/service'
import { createMetricsRegistry } from '@switchboard/telemetry'
import { createAuthenticator } from './access/identities.js'
import type { SecretsConfig } from './config.js'
import { loadKeyRing, type KeyRing } from './crypto/keyring.js'
import { secretsService } from './grpc/secrets-service.js'
import { createSecretsMetrics } from './metrics.js'
import { countByKeyId } from './store/records.js'
import { SchemaCache } from '@switchboard/schema'

/** The folder of the service's SQL migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url))
/** Postgres schema the secrets service owns. */
export const SCHEMA = 'secrets'

/** A running secrets service: its bound ports, and `stop()` for a graceful shutdown. */
export interface SecretsService {
  grpcPort: number
  httpPort: number
  /** The key id new records are written under. */
  currentKeyId: string
  stop(): Promise<void>
}

async function warnAboutMissingKeys(pool: Pool, ring: KeyRing, logger: Logger): Promise<void> {
  const counts = await countByKeyId(pool)
  const missing = [...counts].filter(([id]) => !ring.get(id))
  if (missing.length) {
    logger.warn(
      { missing: Object.fromEntries(missing) },
      'records are encrypted under keys that are not in the key ring; they cannot be read until those keys are added back',
    )
  }
  const old = [...counts].filter(([id]) => id !== ring.current.id && ring.get(id))
  if (old.length)
    logger.info(
      { keyId: ring.current.id, underOlderKeys: Object.fromEntries(old) },
      'some records are under older keys; call RotateKey to re-wrap them',
    )
}

/**
 * Starts the secrets service: loads the key ring (a missing or malformed master key throws a
 * `ConfigError` before anything else happens), migrates the `secrets` schema, and serves gRPC
 * SecretsService and the health/metrics HTTP port.
 */
export async function startSecretsService(config: SecretsConfig, logger: Logger): Promise<SecretsService> {
  const ring = await loadKeyRing(config)
  const pool = createPool(
    {
      url: config.DATABASE_URL,
      max: config.DATABASE_POOL_MAX,
      applicationName: 'secrets',
      searchPath: SCHEMA,
    },
    // Only the message and code: pg errors carry the whole client object otherwise.
    (err) =>
      logger.warn(
        { code: (err as { code?: string }).code, message: err.message },
        'idle database connection failed',
      ),
  )
  try {
    const applied = await migrate(pool, SCHEMA, await readMigrations(MIGRATIONS_DIR))
    if (applied.length) logger.info({ applied }, 'migrations applied')
    await warnAboutMissingKeys(pool, ring, logger)
  } catch (err) {
    await pool.end()
    throw err
  }

  const registry = createMetricsRegistry('secrets')
  const grpc = createGrpcServer()
  grpc.addService(
    protos.secrets.SecretsService.service,
    asyncService(
      secretsService({
        pool,
        ring,
        logger,
        metrics: createSecretsMetrics(registry),
        authenticate: createAuthenticator({
          reader: config.SECRETS_READER_TOKEN,
          admin: config.SECRETS_ADMIN_TOKEN,
        }),
        schemas: new SchemaCache('schema_json'),
        maxValueBytes: config.SECRETS_MAX_VALUE_BYTES,
        rotateBatchSize: config.SECRETS_ROTATE_BATCH_SIZE,
      }),
    ),
  )
  const grpcPort = await bindGrpcServer(grpc, config.GRPC_HOST, config.GRPC_PORT)
  const http = await startHealthServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logger,
    registry,
    ready: async () => {
      await pool.query('SELECT 1')
      return true
    },
  })
  const httpPort = http.port
  logger.info(
    { grpcPort, httpPort, keyId: ring.current.id, keyIds: ring.all.map((k) => k.id) },
    'secrets service listening',
  )

  return {
    grpcPort,
    httpPort,
    currentKeyId: ring.current.id,
    async stop() {
      await http.close()
      await shutdownGrpcServer(grpc)
      await pool.end()
    },
  }
}
