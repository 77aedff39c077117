import { AsyncLocalStorage } from 'node:async_hooks'
import { PipelinedQuery, type Pool, type PoolClient } from '@switchboard/db'

/** The transaction a request runs in, and what is to run once it commits. */
interface RequestTransaction {
  tx: PoolClient
  afterCommit: (cb: () => void) => void
  /** Set when a transaction joined to it rolled back: the request may not commit. */
  failed: boolean
}

const current = new AsyncLocalStorage<RequestTransaction>()

/**
 * A pool that, inside `inRequestTransaction`, runs everything in that request's transaction: `query`
 * goes to it, and `connect()` gives a client joined to it, so domain code written with
 * `withTransaction` commits only when the whole request does, at no extra round trip. The joined
 * client runs the statements that carry the domain transaction's BEGIN or COMMIT
 * (`PipelinedQuery`) alone in the request's transaction and leaves the COMMIT to the request's; a
 * joined ROLLBACK (its `withTransaction` failed after a query) marks the request as failed: the
 * request then rolls back whole even if its code caught the error (`inRequestTransaction`).
 * Outside, it is `pool` itself. Two transactions run side by side (`Promise.all`) within one
 * request are not supported, and the domain has none.
 */
export function requestTransactionPool(pool: Pool): Pool {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      const rt = current.getStore()
      if (rt && prop === 'query') return rt.tx.query.bind(rt.tx)
      if (rt && prop === 'connect') return async () => joinedClient(rt)
      const v = Reflect.get(target, prop, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

const NOTHING_DONE = Promise.resolve({ command: '', rowCount: 0, rows: [], fields: [] })

function joinedClient(rt: RequestTransaction): PoolClient {
  const client = {
    query: (text: unknown, ...rest: unknown[]) => {
      if (text instanceof PipelinedQuery) return text.runAlone(rt.tx)
      if (text === 'COMMIT') return NOTHING_DONE
      if (text === 'ROLLBACK') {
        rt.failed = true
        return NOTHING_DONE
      }
      return (rt.tx.query as (...a: unknown[]) => unknown)(text, ...rest)
    },
    release: () => undefined,
    // withTransaction listens for connection errors: the request's own transaction hears them.
    on: () => client,
    removeListener: () => client,
  }
  return client as unknown as PoolClient
}

/**
 * Runs `fn` with `requestTransactionPool` pools bound to `tx`. Work that is to happen after a commit
 * (an outbox kick) waits for `tx`'s own commit: see `afterRequestCommit`. Throws when a transaction
 * joined to `tx` rolled back and `fn` went on regardless: what it wrote is not all there.
 */
export async function inRequestTransaction<T>(
  tx: PoolClient,
  afterCommit: (cb: () => void) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const rt: RequestTransaction = { tx, afterCommit, failed: false }
  const result = await current.run(rt, fn)
  if (rt.failed) throw new Error('a transaction within the request rolled back; the request is rolled back')
  return result
}

/** `cb` wrapped to run after the request's transaction commits (at once outside one). */
export function afterRequestCommit(cb: () => void): () => void {
  return () => {
    const rt = current.getStore()
    if (rt) rt.afterCommit(cb)
    else cb()
  }
}
