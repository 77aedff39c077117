import type { Pool, Queryable } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import { InvalidInputError, UnavailableError } from '@switchboard/errors'
import { LeaderSession } from './leader-session.js'
import {
  DUPLICATE_WINDOW_MS,
  ensureStreams,
  headers as natsHeaders,
  jetstream,
  type JetStreamClient,
  type NatsConnection,
  type NatsNames,
} from '@switchboard/nats'
import { currentTraceHeaders } from '@switchboard/telemetry'
import { newId } from '../ids.js'

/** One outbox row, as inserted and as the publisher reads it back: `payload` is JSON text, as published. */
export interface OutboxRow {
  id: string
  subject: string
  payload: string
  headers: Record<string, string>
}

/** The row that announces `payload` on `subject`, with the current trace's headers. */
export function outboxRow(
  subject: string,
  payload: unknown,
  headers: Record<string, string> = {},
): OutboxRow {
  return {
    id: newId('obx'),
    subject,
    payload: JSON.stringify(payload),
    headers: { ...currentTraceHeaders(), ...headers },
  }
}

/**
 * Adds a row to the transactional outbox inside the caller's transaction: it becomes visible to
 * the publisher only if that transaction commits, so a message is never announced without existing,
 * nor lost when the process dies after the commit. (A statement may insert an `outboxRow` itself,
 * as createMessage's does, to save the round trip.)
 */
export async function enqueue(
  tx: Queryable,
  subject: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<string> {
  const row = outboxRow(subject, payload, headers)
  await tx.query(`INSERT INTO outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4)`, [
    row.id,
    row.subject,
    row.payload,
    row.headers,
  ])
  return row.id
}

/** Options of the publisher. */
export interface OutboxPublisherOptions {
  pool: Pool
  names: NatsNames
  logger: Logger
  /** Rows per publish round. */
  batchSize?: number
  /**
   * Poll period (ms): how often a replica that does not lead tries to take over, and how often the
   * leader looks for rows nobody told it about.
   */
  pollMs?: number
  /**
   * How long published rows may wait for the next round to delete them (ms). Under load the next
   * round comes sooner, kicked by the next commit; this bounds the wait when traffic stops.
   */
  lingerMs?: number
  /**
   * A row is published only this soon after a statement proved the lock held (ms). Must stay well
   * inside JetStream's duplicate window, which is what drops a stale leader's late copy.
   */
  leaseMs?: number
  /** A statement on the publisher's connection that takes longer ends its session (ms). */
  statementTimeoutMs?: number
}

/** Failed publish rounds in a row after which a leader gives the lock up for another replica. */
const RESIGN_AFTER_FAILURES = 3

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id` = row id, then deletes them. If the process
 * dies between the publish and the delete, the row is published again and JetStream's duplicate window
 * drops the copy: each message reaches the stream exactly once. Rows go out in `position` order, by
 * one replica at a time: the one whose dedicated connection holds a session-level advisory lock (the
 * leader, docs/adr/0015). Each round is one statement that deletes the previous round's rows and reads
 * the next batch; the other replicas poll for the lock and, after a commit of their own, wake the
 * leader with a notification.
 */
export class OutboxPublisher {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  /** A commit of this replica since its last attempt to lead: the leader is to be woken. */
  private committed = false
  private stopped = false
  private streamsReady = false
  private nc: NatsConnection | undefined
  private js: JetStreamClient | undefined
  private failures = 0
  private session: LeaderSession | undefined
  /** After losing or giving up its session, this replica competes again only from then on. */
  private rejoinAt = -Infinity
  /** Ids published (acknowledged by JetStream) and not yet deleted: the next round deletes them. */
  private unforgotten: string[] = []
  private readonly batchSize: number
  private readonly pollMs: number
  private readonly lingerMs: number
  private readonly leaseMs: number
  private readonly statementTimeoutMs: number
  /** Rows this replica published, and copies of them JetStream reported as duplicates. */
  readonly counts = { published: 0, duplicates: 0 }

  constructor(private readonly opts: OutboxPublisherOptions) {
    this.batchSize = opts.batchSize ?? 100
    this.pollMs = opts.pollMs ?? 1000
    this.lingerMs = opts.lingerMs ?? 50
    this.leaseMs = opts.leaseMs ?? 60_000
    this.statementTimeoutMs = opts.statementTimeoutMs ?? 30_000
    if (this.leaseMs + this.statementTimeoutMs >= DUPLICATE_WINDOW_MS)
      throw new InvalidInputError('leaseMs + statementTimeoutMs must stay inside the duplicate window')
  }

  /** Gives the publisher its NATS connection once connected (chat-api starts without one). */
  attach(nc: NatsConnection): void {
    this.nc = nc
    this.js = jetstream(nc)
    this.kick()
  }

  /** Starts polling. */
  start(): void {
    this.stopped = false
    this.kick()
  }

  /** Asks for a publish round now (called after each commit that enqueued something). */
  kick(): void {
    this.committed = true
    this.wake()
  }

  /** True while this replica holds the publisher lock. */
  get isLeader(): boolean {
    return !!this.session?.isLeader
  }

  /** Stops polling, waits for the round in progress, and gives up the lock. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
    const session = this.session
    this.session = undefined
    if (!session) return
    await session
      .forget(this.unforgotten)
      .catch((err) => this.opts.logger.warn({ err }, 'could not delete the last published outbox rows'))
    this.unforgotten = []
    session.close()
  }

  /** Runs a round now, or right after the one in progress. */
  private wake(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    clearTimeout(this.timer)
    this.running = this.drain()
      .then(() => {
        this.failures = 0
      })
      .catch((err) => {
        this.failures++
        this.opts.logger.warn({ err, failures: this.failures }, 'outbox publish failed; will retry')
        if (this.failures >= RESIGN_AFTER_FAILURES && this.session) this.endSession()
      })
      .finally(() => {
        this.running = undefined
        if (this.stopped) return
        const delay = this.again
          ? 0
          : this.failures
            ? Math.min(30_000, 250 * 2 ** this.failures)
            : this.unforgotten.length
              ? this.lingerMs
              : this.pollMs
        this.again = false
        const rejoin = this.session ? 0 : this.rejoinAt - performance.now()
        this.timer = setTimeout(() => this.wake(), Math.max(delay, rejoin))
      })
  }

  private async drain(): Promise<void> {
    if (!this.nc) {
      // Rows stay in the outbox until NATS is reachable; nothing is lost meanwhile.
      const pending = await this.opts.pool.query(`SELECT 1 FROM outbox LIMIT 1`)
      if (pending.rowCount) throw new UnavailableError('NATS is not connected yet')
      return
    }
    if (!this.streamsReady) {
      await ensureStreams(this.nc, this.opts.names)
      this.streamsReady = true
    }
    // A replica that lost its session, or gave it up, lets a healthy one take over first.
    if (!this.session && performance.now() < this.rejoinAt) return
    const session = await this.openSession()
    if (!session.isLeader) {
      const wakeLeader = this.committed
      this.committed = false
      if (!(await this.onSession(session, () => session.tryLead(wakeLeader)))) return
      this.opts.logger.info('this replica now publishes the outbox')
    }
    this.committed = false
    // A short batch emptied the outbox as of its read: rows committed since then kicked this
    // publisher (it runs again at once) or woke it through a notification.
    let more = true
    while (more && !this.stopped) {
      const rows = await this.onSession(session, () => session.round(this.unforgotten, this.batchSize))
      this.unforgotten = []
      const sent = await this.publish(session, rows)
      more = rows.length >= this.batchSize || sent < rows.length
    }
  }

  /**
   * Publishes rows in order, each only once the previous one is acknowledged (so a failure leaves a
   * gap-free prefix published), and each only while the lock is known held. Returns how many went
   * out; fewer than given when the lease ran out (the next round renews it) or when stopping.
   */
  private async publish(session: LeaderSession, rows: OutboxRow[]): Promise<number> {
    const js = this.js!
    for (const [i, row] of rows.entries()) {
      if (session.lost) throw new UnavailableError('lost the publisher connection mid-round')
      if (this.stopped || !session.mayPublish()) return i
      const h = natsHeaders()
      for (const [k, v] of Object.entries(row.headers)) h.set(k, v)
      const ack = await js.publish(row.subject, row.payload, {
        msgID: row.id,
        headers: h,
        timeout: 5000,
      })
      this.unforgotten.push(row.id)
      if (ack.duplicate) this.counts.duplicates++
      else this.counts.published++
    }
    return rows.length
  }

  /** The dedicated connection, opened (as a follower) when there is none or it was lost. */
  private async openSession(): Promise<LeaderSession> {
    if (this.session && !this.session.lost) return this.session
    this.endSession()
    this.session = await LeaderSession.open(this.opts.pool, {
      leaseMs: this.leaseMs,
      statementTimeoutMs: this.statementTimeoutMs,
      onNotification: () => this.wake(),
      onLost: (err) => {
        this.opts.logger.warn({ err: { message: err.message } }, 'outbox publisher connection lost')
        this.endSession()
        this.wake()
      },
    })
    return this.session
  }

  /** Runs a statement of the session; any failure ends the session (and with it the lock). */
  private async onSession<T>(session: LeaderSession, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      if (this.session === session) this.endSession()
      throw err
    }
  }

  /**
   * Closes the session (rows published and not deleted will be published again by the next leader)
   * and keeps this replica out of the competition for two poll periods, so that a follower polling
   * for the lock gets it first: the replica that lost its connection or kept failing is the suspect.
   */
  private endSession(): void {
    if (!this.session) return
    this.session.close()
    this.session = undefined
    this.unforgotten = []
    this.rejoinAt = performance.now() + 2 * this.pollMs
  }
}
