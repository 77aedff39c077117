import { performance } from 'node:perf_hooks'
import { connectDedicated, prepared, type DedicatedClient, type Pool } from '@switchboard/db'
import { UnavailableError } from '@switchboard/errors'
import type { OutboxRow } from './outbox.js'

/** The channel a replica that committed rows wakes the leader on (docs/adr/0015). */
export const OUTBOX_CHANNEL = 'sb_outbox'

/**
 * The advisory lock key that makes one publisher at a time. The same key as the transaction-scoped
 * lock of earlier versions, so during a rolling upgrade old and new replicas exclude each other too.
 */
const LOCK_KEY = `hashtext(current_schema() || '.outbox')`

/** Options of a session. */
export interface LeaderSessionOptions {
  /** Rows are published only this long after a statement proved the lock held (ms). */
  leaseMs: number
  /** A statement on the session that takes longer than this ends the session (ms). */
  statementTimeoutMs: number
  /** Called when the leader is sent a notification (a row committed elsewhere). */
  onNotification: () => void
  /** Called once when the connection is lost (error or end). */
  onLost: (err: Error) => void
}

/**
 * A dedicated Postgres connection that competes for the outbox publisher's session-level advisory
 * lock. Postgres releases the lock when the session ends, however it ends — the process killed,
 * the connection cut, the backend terminated — so the lock is leadership and the session its lease:
 * `mayPublish` holds only while this connection is known alive and a statement proved the lock
 * held less than `leaseMs` ago (docs/adr/0015).
 */
export class LeaderSession {
  private leader = false
  private lostErr: Error | undefined
  private provenAt = -Infinity
  private released = false

  private constructor(
    private readonly client: DedicatedClient,
    private readonly opts: LeaderSessionOptions,
  ) {
    const lose = (err: Error) => {
      if (this.lostErr) return
      this.lostErr = err
      this.leader = false
      opts.onLost(err)
    }
    client.on('error', lose)
    client.on('end', () => lose(new UnavailableError('the publisher connection ended')))
    client.on('notification', () => opts.onNotification())
  }

  /**
   * Opens a connection of its own, outside the pool (`connectDedicated`), held for good. The server drops it after about 25 s without an
   * answer from this host, so a partitioned leader's lock is freed, not held for the kernel's hours.
   * Its commits do not wait for the WAL flush: the session only ever deletes rows already in
   * JetStream, and a delete lost in a Postgres crash brings back a row whose copy the duplicate
   * window drops, like a publisher killed before deleting. So no fsync is on the publish path.
   */
  static async open(pool: Pool, opts: LeaderSessionOptions): Promise<LeaderSession> {
    const client = await connectDedicated(pool)
    const session = new LeaderSession(client, opts)
    try {
      await session.query(`SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5;
        SET tcp_keepalives_count = 3; SET synchronous_commit = off`)
    } catch (err) {
      session.close()
      throw err
    }
    return session
  }

  /** True while this session holds the lock, as far as it knows. */
  get isLeader(): boolean {
    return this.leader && !this.lostErr
  }

  /** True once the connection failed; the session is of no further use. */
  get lost(): boolean {
    return !!this.lostErr
  }

  /**
   * True when a row may be published now: the lock was proved held by a statement sent less than
   * `leaseMs` ago and the connection has not failed since.
   */
  mayPublish(): boolean {
    return this.isLeader && performance.now() - this.provenAt < this.opts.leaseMs
  }

  /**
   * Tries to take the lock; true when this session leads. With `wake`, also notifies the current
   * leader that this replica committed rows (in the same statement).
   */
  async tryLead(wake: boolean): Promise<boolean> {
    if (this.isLeader) return true
    const sentAt = performance.now()
    const { rows } = await this.query<{ leader: boolean }>(
      wake
        ? `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS leader, pg_notify('${OUTBOX_CHANNEL}', '')`
        : `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS leader`,
    )
    if (!rows[0]!.leader) return false
    await this.query(`LISTEN ${OUTBOX_CHANNEL}`)
    this.leader = !this.lostErr
    this.provenAt = sentAt
    return this.leader
  }

  /**
   * One publisher round in one statement: deletes the rows the previous round published and reads
   * the next `limit` rows in position order. Both parts see one snapshot, so the read excludes the
   * deleted ids itself. Each round proves the lock still held (the session is alive).
   */
  async round(published: readonly string[], limit: number): Promise<OutboxRow[]> {
    if (!this.isLeader) throw new UnavailableError('this replica does not lead the outbox')
    const sentAt = performance.now()
    const { rows } = await this.query<OutboxRow>(
      `WITH published AS (DELETE FROM outbox WHERE id = ANY($1::text[]))
       SELECT id, subject, payload::text AS payload, headers FROM outbox
       WHERE NOT (id = ANY($1::text[])) ORDER BY position LIMIT $2`,
      [published, limit],
      { prepared: true },
    )
    this.provenAt = sentAt
    return rows
  }

  /** Deletes published rows (on a clean stop, so a restart need not publish them again). */
  async forget(published: readonly string[]): Promise<void> {
    if (!this.isLeader || !published.length) return
    await this.query(`DELETE FROM outbox WHERE id = ANY($1::text[])`, [published])
  }

  /** Ends the session: its connection closes, and Postgres releases the lock with it. */
  close(): void {
    this.leader = false
    this.lostErr ??= new UnavailableError('the publisher session was closed')
    if (this.released) return
    this.released = true
    void this.client.end().catch(() => undefined)
  }

  private async query<R extends object>(text: string, values?: unknown[], opts: { prepared?: boolean } = {}) {
    if (this.lostErr) throw this.lostErr
    // pg's per-query read timeout (its QueryConfig type does not declare it).
    const statement = opts.prepared ? prepared(text, values ?? []) : { text, values }
    const config = { ...statement, query_timeout: this.opts.statementTimeoutMs }
    return this.client.query<R>(config as { text: string; values?: unknown[] })
  }
}
