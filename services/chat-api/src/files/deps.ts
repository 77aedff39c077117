import type { Pool } from '@switchboard/db'
import type { BlobStore } from './blob-store.js'
import type { UrlSigner } from './signed-urls.js'

/** Limits of the Files and Tables APIs, compiled from the environment once (files/env.ts). */
export interface StorageLimits {
  maxFileBytes: number
  maxBytesPerBot: number
  maxTablesPerBot: number
  maxRowsPerBot: number
}

/** What the Files and Tables domains need. */
export interface StorageDeps {
  pool: Pool
  blobs: BlobStore
  urls: UrlSigner
  limits: StorageLimits
  /** The Runtime API's address as callers reach it; unset: each request's own Host. */
  publicApiUrl?: string
  /** Called after a commit that queued a table job. */
  onJob: () => void
}
