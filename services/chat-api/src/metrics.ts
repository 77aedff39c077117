import type { Pool } from '@switchboard/db'
import type { Logger } from '@switchboard/logging'
import { Counter, Gauge, oncePerScrape, type Registry } from '@switchboard/telemetry'

/** chat-api's metric names, in one place so dashboards and alerts can rely on them. */
export const METRIC_NAMES = {
  requests: 'switchboard_chat_api_requests_total',
  outboxBacklog: 'switchboard_chat_api_outbox_backlog',
  outboxAge: 'switchboard_chat_api_outbox_oldest_age_seconds',
  outboxLeader: 'switchboard_chat_api_outbox_leader',
  poolConnections: 'switchboard_db_pool_connections',
  poolWaiting: 'switchboard_db_pool_waiting',
} as const

/** What chat-api records per request. */
export interface ChatApiMetrics {
  /** One Runtime API request: its method, route template (`/v1/chat/messages/:id`) and status. */
  request(method: string, route: string, status: number): void
}

/** What the metrics read of the outbox publisher (`OutboxPublisher`). */
export interface OutboxLeadership {
  /** True while this replica holds the publisher lock (docs/adr/0015-outbox-publisher.md). */
  readonly isLeader: boolean
}

/**
 * Registers chat-api's metrics: requests by route template and status, and, read when Prometheus
 * scrapes, the outbox backlog (rows not yet published to JetStream) with the age of the oldest,
 * whether this replica publishes the outbox (summed over replicas: 1, or 0 while none can), and the
 * Postgres pool's connections.
 */
export function createChatApiMetrics(
  registry: Registry,
  pool: Pool,
  logger: Logger,
  outbox: OutboxLeadership,
): ChatApiMetrics {
  const registers = [registry]
  const requests = new Counter({
    name: METRIC_NAMES.requests,
    help: 'Runtime API requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers,
  })
  // One query per scrape serves both outbox gauges.
  const readOutbox = oncePerScrape(() =>
    pool
      .query<{ backlog: string; age: number | null }>(
        `SELECT count(*) AS backlog, EXTRACT(EPOCH FROM (now() - min(created_at)))::float8 AS age FROM outbox`,
      )
      .then((r) => ({ backlog: Number(r.rows[0]!.backlog), age: Math.max(0, r.rows[0]!.age ?? 0) }))
      .catch((err: unknown) => {
        logger.warn({ err: { message: (err as Error).message } }, 'could not read the outbox for metrics')
        return undefined
      }),
  )
  new Gauge({
    name: METRIC_NAMES.outboxBacklog,
    help: 'Outbox rows not yet published to JetStream',
    registers,
    async collect() {
      const o = await readOutbox()
      if (o) this.set(o.backlog)
    },
  })
  new Gauge({
    name: METRIC_NAMES.outboxAge,
    help: 'Age of the oldest outbox row not yet published (0 when empty), in seconds',
    registers,
    async collect() {
      const o = await readOutbox()
      if (o) this.set(o.age)
    },
  })
  new Gauge({
    name: METRIC_NAMES.outboxLeader,
    help: '1 while this replica publishes the outbox (one replica per database), else 0',
    registers,
    collect() {
      this.set(outbox.isLeader ? 1 : 0)
    },
  })
  new Gauge({
    name: METRIC_NAMES.poolConnections,
    help: 'Postgres pool connections by state (total, idle)',
    labelNames: ['state'],
    registers,
    collect() {
      this.set({ state: 'total' }, pool.totalCount)
      this.set({ state: 'idle' }, pool.idleCount)
    },
  })
  new Gauge({
    name: METRIC_NAMES.poolWaiting,
    help: 'Queries waiting for a Postgres pool connection',
    registers,
    collect() {
      this.set(pool.waitingCount)
    },
  })
  return {
    request: (method, route, status) => requests.inc({ method, route, status: String(status) }),
  }
}
