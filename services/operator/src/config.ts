import { commonEnv, flag, port, secret, z } from '@switchboard/config'

const token = z.string().min(16, 'must be at least 16 characters')
/** `a=b,c=d` → { a: 'b', c: 'd' }. */
const labels = z
  .string()
  .regex(/^([\w./-]+=[\w.-]*)(,[\w./-]+=[\w.-]*)*$/, 'must be key=value pairs separated by commas')
  .transform((s) => Object.fromEntries(s.split(',').map((kv) => kv.split('=') as [string, string])))

/** The operator's environment. */
export const operatorEnv = z.object({
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  OTEL_EXPORTER_OTLP_ENDPOINT: commonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
  /** chat-api's admin gRPC address. */
  ADMIN_GRPC_URL: z.string().default('127.0.0.1:50051'),
  ADMIN_TOKEN: secret(token),
  /** The secrets service's gRPC address, and the admin identity's token there (writes only). */
  SECRETS_GRPC_URL: z.string().default('127.0.0.1:50052'),
  SECRETS_ADMIN_TOKEN: secret(token),
  /** Public base URL of ingress: webhook URLs are `<base>/<webhookId>`. */
  PUBLIC_WEBHOOK_BASE_URL: z.url(),
  /** The Runtime API as sandbox pods reach it (their BP_API_URL). */
  CHAT_API_URL: z.url(),
  /** The runner image sandboxes run (image bundles are built from it). */
  RUNNER_IMAGE: z.string().min(1),
  SANDBOX_IMAGE_PULL_POLICY: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  /** Memory limit of a sandbox when its resource does not say, MiB. */
  SANDBOX_MEMORY_MB: z.coerce.number().int().min(32).max(16_384).default(256),
  /** Where the dispatcher runs, and its pods' labels: the only pods sandbox NetworkPolicies admit. */
  DISPATCHER_NAMESPACE: z.string().min(1),
  DISPATCHER_POD_LABELS: labels,
  /** Namespaces to watch, comma-separated; empty = all. */
  WATCH_NAMESPACES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  /** This pod's namespace (where the leader Lease lives) and name (its identity). */
  POD_NAMESPACE: z.string().min(1),
  POD_NAME: z.string().min(1),
  LEADER_ELECTION: flag(true),
  LEASE_NAME: z.string().default('switchboard-operator'),
  /** Keys reconciled at once per kind. */
  WORKERS: z.coerce.number().int().min(1).max(32).default(2),
  /** How long deletion waits for unregister (and installations) before forcing, ms. */
  DELETE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  /** Largest bundle accepted, bytes. */
  BUNDLE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** How often every resource is reconciled again even without a change, ms. */
  RESYNC_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /** /healthz, /readyz, /metrics. */
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(9464),
})

/** The operator's parsed configuration. */
export type OperatorConfig = z.infer<typeof operatorEnv>
