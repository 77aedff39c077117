import { commonEnv, port, secret, z } from '@switchboard/config'

const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback)

/** ingress's environment, parsed once at start by `main.ts`. */
export const ingressEnv = z.object({
  ...commonEnv,
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(8080),
  /** chat-api's admin gRPC address (`host:port`), for webhook ID lookups. */
  ADMIN_GRPC_URL: z.string().default('127.0.0.1:50051'),
  /**
   * The webhook-resolver identity's token at chat-api: it may only resolve webhook IDs (never the
   * admin token: ingress faces the internet).
   */
  WEBHOOK_RESOLVER_TOKEN: secret(z.string().min(16, 'must be at least 16 characters')),
  /** Largest webhook body accepted; larger is 413. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** How long to wait for the handler's answer when the integration does not say. */
  DEFAULT_SYNC_TIMEOUT_MS: ms(2500),
  /** How long to wait for JetStream to acknowledge a publish before answering 503. */
  PUBLISH_TIMEOUT_MS: ms(5000, 1),
  /** How long a looked-up webhook ID is trusted (changes are also pushed over NATS). */
  LOOKUP_CACHE_TTL_MS: ms(60_000),
  /** How long an unknown webhook ID stays unknown before it is asked about again. */
  LOOKUP_NEGATIVE_TTL_MS: ms(5_000),
  /** Most webhook IDs kept in the lookup cache. */
  LOOKUP_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  /** The externally visible base URL of ingress (logged at start; webhook URLs are `<PUBLIC_URL>/<id>`). */
  PUBLIC_URL: z.url().optional(),
})

/** ingress's parsed configuration. */
export type IngressConfig = z.infer<typeof ingressEnv>
