import type { Pool } from '@switchboard/db'
import { afterRequestCommit, requestTransactionPool } from '../chat/request-transaction.js'
import { PostgresBlobStore } from './blob-store.js'
import type { StorageDeps } from './deps.js'
import type { StorageConfig } from './env.js'
import { UrlSigner } from './signed-urls.js'

/** Compiles the Files and Tables APIs' configuration into their dependencies (Postgres blob store). */
export function createStorageDeps(
  pool: Pool,
  config: StorageConfig,
  onJob: () => void = () => {},
): StorageDeps {
  return {
    pool,
    blobs: new PostgresBlobStore(pool),
    urls: new UrlSigner(config.FILES_URL_SECRET ?? config.ADMIN_TOKEN, config.FILES_URL_TTL_SECONDS),
    limits: {
      maxFileBytes: config.FILES_MAX_FILE_BYTES,
      maxBytesPerBot: config.FILES_MAX_BYTES_PER_BOT,
      maxTablesPerBot: config.TABLES_MAX_PER_BOT,
      maxRowsPerBot: config.TABLES_MAX_ROWS_PER_BOT,
    },
    publicApiUrl: config.PUBLIC_API_URL,
    onJob,
  }
}

/**
 * The Files and Tables routes' view of `base`: their writes join a keyed request's transaction, as
 * the Runtime API's do, so the request's Idempotency-Key commits with them and a retry cannot apply
 * them twice (docs/adr/0006-effects-once.md); a table job is kicked once that transaction commits.
 * The table job runner keeps `base`: it works outside requests.
 */
export function requestStorageDeps(base: StorageDeps): StorageDeps {
  const pool = requestTransactionPool(base.pool)
  return { ...base, pool, blobs: new PostgresBlobStore(pool), onJob: afterRequestCommit(base.onJob) }
}
