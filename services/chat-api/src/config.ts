import { commonEnv, port, secret, z } from '@switchboard/config'
import { storageEnv } from './files/env.js'

/** chat-api's environment. Every variable is documented in the README's configuration table. */
export const chatApiEnv = z.object({
  ...commonEnv,
  DATABASE_URL: secret(z.string().startsWith('postgres', 'must be a postgres:// URL')),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(8081),
  GRPC_HOST: z.string().default('0.0.0.0'),
  GRPC_PORT: port(50051),
  /** Token for AdminService (CLI, operator). At least 16 characters. */
  ADMIN_TOKEN: secret(z.string().min(16, 'must be at least 16 characters')),
  /** Token for ChatService (dispatcher, ingress). Defaults to the admin token when unset. */
  SERVICE_TOKEN: secret(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Largest Runtime API request body; larger is 413. */
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** How long `callAction` waits for the integration's action handler. */
  ACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** How often expired states are swept (reads never return them regardless). */
  STATE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  ...storageEnv,
})

/** chat-api's parsed configuration. */
export type ChatApiConfig = z.infer<typeof chatApiEnv>
