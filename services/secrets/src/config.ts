import { commonEnv, port, secret, z } from '@switchboard/config'

const token = z.string().min(16, 'must be at least 16 characters')

/**
 * The secrets service's environment. The master key itself is parsed by `loadKeyRing` at start
 * (it may come from a file), so here it is only marked secret.
 */
export const secretsEnv = z
  .object({
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    OTEL_EXPORTER_OTLP_ENDPOINT: commonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
    DATABASE_URL: secret(z.string().startsWith('postgres', 'must be a postgres:// URL')),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    GRPC_HOST: z.string().default('0.0.0.0'),
    GRPC_PORT: port(50052),
    /** Health and metrics: /healthz, /readyz, /metrics. */
    HTTP_HOST: z.string().default('0.0.0.0'),
    HTTP_PORT: port(9464),
    /** The dispatcher's token: the only identity that may read plaintext. */
    SECRETS_READER_TOKEN: secret(token),
    /** The CLI's and operator's token: may write, delete, rotate and list the audit log, never read plaintext. */
    SECRETS_ADMIN_TOKEN: secret(token),
    /** Key-encryption keys: `base64` or `id1:base64,id2:base64` (the first is current). */
    SWITCHBOARD_MASTER_KEY: secret(z.string().optional()),
    /** A file (a mounted Kubernetes Secret) holding the same format as SWITCHBOARD_MASTER_KEY. */
    SWITCHBOARD_MASTER_KEY_FILE: z.string().optional(),
    /** Largest configuration or set of integration secrets accepted, in bytes of JSON. */
    SECRETS_MAX_VALUE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024)
      .default(64 * 1024),
    /** Records re-wrapped per transaction by RotateKey. */
    SECRETS_ROTATE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  })
  .refine((c) => c.SECRETS_READER_TOKEN !== c.SECRETS_ADMIN_TOKEN, {
    path: ['SECRETS_ADMIN_TOKEN'],
    message: 'must differ from SECRETS_READER_TOKEN, or the admin could read plaintext',
  })

/** The secrets service's parsed configuration. */
export type SecretsConfig = z.infer<typeof secretsEnv>
