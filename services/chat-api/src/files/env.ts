import { secret, z } from '@switchboard/config'

const MiB = 1024 * 1024

/**
 * The Files and Tables APIs' environment, spread into chat-api's config schema (config.ts). Every
 * limit here is documented in docs/files-and-tables.md.
 */
export const storageEnv = {
  /** The Runtime API's address as callers reach it, for upload and download URLs. Unset: the Host of each request. */
  PUBLIC_API_URL: z.url().optional(),
  /** Largest file accepted by upsertFile and its upload URL; larger is 413. */
  FILES_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * MiB)
    .default(64 * MiB),
  /** Total bytes of files one bot may store; past it upsertFile is 403. */
  FILES_MAX_BYTES_PER_BOT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * MiB),
  /** How long upload URLs and private download URLs stay valid. */
  FILES_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600)
    .default(3600),
  /** Key that signs upload and download URLs (all replicas share it). Unset: derived from ADMIN_TOKEN. */
  FILES_URL_SECRET: secret(z.string().min(16, 'must be at least 16 characters').optional()),
  /** How often expired files and orphaned content are deleted (reads never return expired files). */
  FILES_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Tables one bot may have; past it createTable is 403. */
  TABLES_MAX_PER_BOT: z.coerce.number().int().min(1).default(100),
  /** Rows (times each table's factor) one bot may store across its tables; past it writes are 403. */
  TABLES_MAX_ROWS_PER_BOT: z.coerce.number().int().min(1).default(1_000_000),
}

/** The parsed values of `storageEnv`, and the admin token a URL-signing key is derived from when none is set. */
export type StorageConfig = z.infer<z.ZodObject<typeof storageEnv>> & { ADMIN_TOKEN: string }
