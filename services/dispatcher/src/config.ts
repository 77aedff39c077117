import { commonEnv, port, secret, z } from '@switchboard/config'

/** The dispatcher's environment. */
export const dispatcherEnv = z
  .object({
    ...commonEnv,
    /** chat-api's admin gRPC address: installations, integrations, bundles, sandbox tokens. */
    ADMIN_GRPC_URL: z.string().default('127.0.0.1:50051'),
    /**
     * The dispatcher identity's token at chat-api: reads installations, integrations, bots and
     * bundles, reports registrations, keeps expiring sandbox tokens; never creates or deletes anything else.
     */
    DISPATCHER_TOKEN: secret(z.string().min(16, 'must be at least 16 characters')),
    /** Lifetime of a sandbox's Runtime API token; renewed while the sandbox is in use (15 min). */
    SANDBOX_TOKEN_TTL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
    /** The secrets service's gRPC address; configuration and integration secrets come from it. */
    SECRETS_GRPC_URL: z.string().default('127.0.0.1:50052'),
    /** The reader identity's token at the secrets service. */
    SECRETS_READER_TOKEN: secret(z.string().min(16, 'must be at least 16 characters')),
    /** The Runtime API URL handed to sandboxes as BP_API_URL (reachable from inside them). */
    CHAT_API_URL: z.url().default('http://127.0.0.1:8081'),
    /** Public base URL of ingress; a sandbox's BP_WEBHOOK_URL is `<base>/<webhookId>`. */
    PUBLIC_WEBHOOK_BASE_URL: z.url().default('http://127.0.0.1:8080'),
    /**
     * How long configuration and secrets read from the secrets service are kept in memory (0: read
     * for every handler call). An installation change or a failed call drops them at once (ADR 0011).
     */
    CONFIG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
    /** Attempts per message before it is dead-lettered. */
    MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /** First retry delay; doubles with each attempt up to BACKOFF_MAX_MS. */
    BACKOFF_BASE_MS: z.coerce.number().int().min(10).default(1000),
    BACKOFF_MAX_MS: z.coerce.number().int().min(10).default(60_000),
    /** Deadline of one handler call; past it the sandbox is killed and restarted. */
    INVOKE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /**
     * Webhooks handled at once. Conversations' notices (SB_BOT, SB_OUTGOING) run one per partition
     * at a time, PARTITIONS partitions per stream (docs/adr/0005).
     */
    CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
    /**
     * How long a message a dispatcher took waits, after that dispatcher died, before another one gets
     * it (a live dispatcher keeps extending it while handling). It holds up the message's partition.
     */
    ACK_WAIT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
    /** Memory cap of each sandbox, MiB. */
    SANDBOX_MEMORY_MB: z.coerce.number().int().min(32).max(8192).default(256),
    /** /healthz, /readyz, /metrics. */
    HTTP_PORT: port(9464),
    HTTP_HOST: z.string().default('0.0.0.0'),
    /**
     * Where bundles run: `process` (local mode: runner processes here, under bubblewrap and Node's
     * permission model) or `kubernetes` (cluster mode: the operator's runner Deployments, reached through
     * their Services).
     */
    SANDBOX_DRIVER: z.enum(['process', 'kubernetes']).default('process'),
    /**
     * Process sandboxes' network: `isolated` (their own network namespace with outbound internet through
     * slirp4netns, no loopback or private ranges; needs bubblewrap and slirp4netns, else sandboxes are
     * refused) or `host` (an explicit opt-out: they reach whatever the dispatcher reaches).
     */
    SANDBOX_NETWORK: z.enum(['isolated', 'host']).default('isolated'),
    /** Ports on this host's loopback isolated sandboxes may reach besides the Runtime API (`8099,9000`). */
    SANDBOX_LOOPBACK_PORTS: z
      .string()
      .regex(/^(\d{1,5}(,\d{1,5})*)?$/, 'a comma-separated list of ports')
      .default('')
      .transform((v) => (v ? v.split(',').map(Number) : [])),
    /** Set by Kubernetes in every pod; needed by the kubernetes driver to find sandbox Services. */
    KUBERNETES_SERVICE_HOST: z.string().optional(),
    KUBERNETES_SERVICE_PORT: z.string().default('443'),
  })
  .refine((c) => c.SANDBOX_DRIVER !== 'kubernetes' || !!c.KUBERNETES_SERVICE_HOST, {
    path: ['SANDBOX_DRIVER'],
    message: 'kubernetes needs KUBERNETES_SERVICE_HOST (run the dispatcher in a pod, or use process)',
  })
  .refine((c) => c.SANDBOX_TOKEN_TTL_MS >= 2 * (c.INVOKE_TIMEOUT_MS + 1000), {
    path: ['SANDBOX_TOKEN_TTL_MS'],
    message:
      'must be at least 2 × (INVOKE_TIMEOUT_MS + 1000), so a token outlives every call it is handed to',
  })

/** The dispatcher's parsed configuration. */
export type DispatcherConfig = z.infer<typeof dispatcherEnv>
