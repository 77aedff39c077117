import type { Pool, Queryable } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import { UnavailableError } from '@switchboard/errors'
import {
  ensureStreams,
  headers as natsHeaders,
  jetstream,
  type JetStreamClient,
  type NatsConnection,
  type NatsNames,
} from '@switchboard/nats'
import { currentTraceHeaders } from '@switchboard/telemetry'
import { newId } from '../ids.js'

/** One outbox row as it is inserted: `payload` and `headers` serialised for their jsonb columns. */
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
  /** Poll period for rows left by a crash or by another replica (ms). */
  pollMs?: number
}

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id` = row id, then deletes them. If the process
 * dies between the publish and the delete, the row is published again on restart and JetStream's
 * duplicate window drops the copy: each message reaches the stream exactly once. Rows go out in the
 * order they were written (`position`), one replica at a time (an advisory lock), so each
 * conversation's notices land in their stream in creation order.
 */
export class OutboxPublisher {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = false
  private streamsReady = false
  private nc: NatsConnection | undefined
  private js: JetStreamClient | undefined
  private failures = 0

  constructor(private readonly opts: OutboxPublisherOptions) {}

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
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    clearTimeout(this.timer)
    this.running = this.drain()
      .catch((err) => {
        this.failures++
        this.opts.logger.warn({ err, failures: this.failures }, 'outbox publish failed; will retry')
      })
      .finally(() => {
        this.running = undefined
        if (this.stopped) return
        const delay = this.again
          ? 0
          : this.failures
            ? Math.min(30_000, 250 * 2 ** this.failures)
            : (this.opts.pollMs ?? 1000)
        this.again = false
        this.timer = setTimeout(() => this.kick(), delay)
      })
  }

  /** True when the last round succeeded (used by /readyz). */
  get healthy(): boolean {
    return this.failures === 0
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
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
    // A short batch emptied the outbox as of its read: rows committed since then kicked this
    // publisher (it runs again at once) or belong to another replica's (its own kick), so no empty
    // round is needed to find out.
    const full = this.opts.batchSize ?? 100
    while (!this.stopped && (await this.publishBatch()) >= full) {
      /* keep going while full batches come */
    }
    this.failures = 0
  }

  /** Publishes one batch; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    const js = this.js
    if (!js) throw new UnavailableError('NATS is not connected yet')
    const client = await this.opts.pool.connect()
    try {
      await client.query('BEGIN')
      // One publisher at a time (replicas queue here), so rows reach JetStream in position order: the
      // stream's order is the delivery order of each conversation (docs/adr/0005).
      await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.outbox'))`)
      const { rows } = await client.query<{
        id: string
        subject: string
        payload: unknown
        headers: Record<string, string>
      }>(`SELECT id, subject, payload, headers FROM outbox ORDER BY position LIMIT $1 FOR UPDATE`, [
        this.opts.batchSize ?? 100,
      ])
      for (const row of rows) {
        const h = natsHeaders()
        for (const [k, v] of Object.entries(row.headers)) h.set(k, v)
        await js.publish(row.subject, JSON.stringify(row.payload), {
          msgID: row.id,
          headers: h,
          timeout: 5000,
        })
      }
      if (rows.length) await client.query(`DELETE FROM outbox WHERE id = ANY($1)`, [rows.map((r) => r.id)])
      await client.query('COMMIT')
      return rows.length
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  }
}
