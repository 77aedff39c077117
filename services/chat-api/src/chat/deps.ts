import type { Pool, Queryable } from '@switchboard/db'
import type { NatsNames } from '@switchboard/nats'
import type { CallerCache } from '../auth/caller-cache.js'
import type { ActionDeps } from './actions.js'

/** What the chat domain needs: the database, NATS names for outbox subjects, and a publisher kick. */
export interface ChatDeps {
  pool: Pool
  names: NatsNames
  /** Called after a commit that enqueued outbox rows. */
  onOutbox: () => void
  /** Called after a commit that scheduled a delivery due at `at`, so the scheduler wakes in time. */
  onScheduled?: (at: Date) => void
  /** How actions reach a dispatcher, and their input validation. */
  actions: ActionDeps
  /** Runtime API authentication, remembered briefly (dropped on revocation). */
  callers: CallerCache
}

/** Serialises get-or-create calls on the same key inside a transaction (released at commit). */
export async function lockKey(tx: Queryable, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key])
}

/**
 * Get-or-create, serialised on `key` only when it creates: `find` runs first without the lock (an
 * existing row, the common case, costs one statement); when it finds nothing, `key` is locked and
 * `find` runs again (a new snapshot: it sees what a creator that held the lock committed) before
 * `create`, so two callers never create the same thing twice.
 */
export async function findOrCreate<T>(
  tx: Queryable,
  key: string,
  find: () => Promise<T | undefined>,
  create: () => Promise<T>,
): Promise<{ row: T; created: boolean }> {
  const found = await find()
  if (found !== undefined) return { row: found, created: false }
  await lockKey(tx, key)
  const again = await find()
  if (again !== undefined) return { row: again, created: false }
  return { row: await create(), created: true }
}

/** A stable string for a set of tags (sorted keys), for lock keys. */
export function tagsKey(tags: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(tags)
      .sort()
      .map((k) => [k, tags[k]]),
  )
}
