import { commonEnv, port, secret, z } from '@switchboard/config'
import { storageEnv } from './files/env.js'

const token = z.string().min(16, 'must be at least 16 characters')

/** chat-api's environment, before the cross-field checks. */
const fields = z.object({
  ...commonEnv,
  DATABASE_URL: secret(z.string().startsWith('postgres', 'must be a postgres:// URL')),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(8081),
  GRPC_HOST: z.string().default('0.0.0.0'),
  GRPC_PORT: port(50051),
  /** The admin identity's token for AdminService (CLI, operator): every RPC. At least 16 characters. */
  ADMIN_TOKEN: secret(token),
  /** The webhook-resolver identity's token (ingress): only ResolveWebhook. Unset = no such caller. */
  WEBHOOK_RESOLVER_TOKEN: secret(token.optional()),
  /** The dispatcher identity's token: reads, registration reports, expiring sandbox tokens. */
  DISPATCHER_TOKEN: secret(token.optional()),
  /** Token for ChatService (platform services). Defaults to the admin token when unset. */
  SERVICE_TOKEN: secret(token.optional()),
  /**
   * The secrets service, where ApplyInstallation stores installations' configurations, and the token
   * of its admin (write-only) identity there. Without them ApplyInstallation is refused (503).
   */
  SECRETS_GRPC_URL: z.string().min(1).optional(),
  SECRETS_ADMIN_TOKEN: secret(token.optional()),
  /** Largest Runtime API request body; larger is 413. */
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /**
   * How long a Runtime API token's authentication is remembered per replica (0: not at all). A
   * revocation drops it at once on the replica that revoked; others refuse the token within this.
   */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** How long `callAction` waits for the integration's action handler. */
  ACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /**
   * Longest time the scheduler sleeps between two looks for due deliveries (scheduled messages and
   * events, expired states, recurring events). It wakes at each due time it knows of; this bounds how
   * late it notices one another replica scheduled.
   */
  SCHEDULER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  ...storageEnv,
})

/** chat-api's environment. Every variable is documented in the README's configuration table. */
export const chatApiEnv = fields.refine(
  (c) => {
    const set = [c.ADMIN_TOKEN, c.WEBHOOK_RESOLVER_TOKEN, c.DISPATCHER_TOKEN].filter(Boolean)
    return new Set(set).size === set.length
  },
  {
    path: ['WEBHOOK_RESOLVER_TOKEN'],
    message: 'ADMIN_TOKEN, WEBHOOK_RESOLVER_TOKEN and DISPATCHER_TOKEN must all differ (one per identity)',
  },
)

/** chat-api's parsed configuration. */
export type ChatApiConfig = z.infer<typeof chatApiEnv>
