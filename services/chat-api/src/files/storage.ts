import type { Pool } from '@switchboard/db'
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
