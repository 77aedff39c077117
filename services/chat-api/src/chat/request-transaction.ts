import { AsyncLocalStorage } from 'node:async_hooks'
import type { Pool, PoolClient } from '@switchboard/db'

/** The transaction a request runs in, and what is to run once it commits. */
interface RequestTransaction {
  tx: PoolClient
  afterCommit: (cb: () => void) => void
  savepoints: number
}

const current = new AsyncLocalStorage<RequestTransaction>()

/**
 * A pool that, inside `inRequestTransaction`, runs everything in that request's transaction: `query`
 * goes to it, and `connect()` gives a client whose BEGIN / COMMIT / ROLLBACK are savepoints of it, so
 * domain code written with `withTransaction` commits only when the whole request does. Outside, it is
 * `pool` itself. Savepoints nest (a transaction inside another is fine); two transactions run side by
 * side (`Promise.all`) within one request are not supported, and the domain has none.
 */
export function requestTransactionPool(pool: Pool): Pool {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      const rt = current.getStore()
      if (rt && prop === 'query') return rt.tx.query.bind(rt.tx)
      if (rt && prop === 'connect') return async () => savepointClient(rt)
      const v = Reflect.get(target, prop, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

function savepointClient(rt: RequestTransaction): PoolClient {
  const name = `sb_sp_${++rt.savepoints}`
  const translate: Record<string, string> = {
    BEGIN: `SAVEPOINT ${name}`,
    COMMIT: `RELEASE SAVEPOINT ${name}`,
    ROLLBACK: `ROLLBACK TO SAVEPOINT ${name}`,
  }
  const client = {
    query: (text: unknown, ...rest: unknown[]) =>
      (rt.tx.query as (...a: unknown[]) => unknown)(
        typeof text === 'string' ? (translate[text] ?? text) : text,
        ...rest,
      ),
    release: () => undefined,
  }
  return client as unknown as PoolClient
}

/**
 * Runs `fn` with `requestTransactionPool` pools bound to `tx`. Work that is to happen after a commit
 * (an outbox kick) waits for `tx`'s own commit: see `afterRequestCommit`.
 */
export function inRequestTransaction<T>(
  tx: PoolClient,
  afterCommit: (cb: () => void) => void,
  fn: () => Promise<T>,
): Promise<T> {
  return current.run({ tx, afterCommit, savepoints: 0 }, fn)
}

/** `cb` wrapped to run after the request's transaction commits (at once outside one). */
export function afterRequestCommit(cb: () => void): () => void {
  return () => {
    const rt = current.getStore()
    if (rt) rt.afterCommit(cb)
    else cb()
  }
}
