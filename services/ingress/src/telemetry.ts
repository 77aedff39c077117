import { Counter, Histogram, trace, type Registry } from '@switchboard/telemetry'

/** Span names of ingress, in one place so they stay stable. */
export const SPANS = {
  /** The JetStream publish of one webhook (kind PRODUCER); its context travels in `traceparent`. */
  publish: 'webhook publish',
} as const

/** The tracer ingress creates its spans with. */
export const tracer = trace.getTracer('@switchboard/ingress')

/** Metric names of ingress, in one place so dashboards and alerts can rely on them. */
export const METRIC_NAMES = {
  webhooks: 'switchboard_ingress_webhooks_total',
  lookups: 'switchboard_ingress_lookups_total',
  publishSeconds: 'switchboard_ingress_publish_duration_seconds',
} as const

/**
 * How a webhook request ended: the `outcome` label of `switchboard_ingress_webhooks_total`. `relayed`
 * is a synchronous answer from the handler; `accepted` and `duplicate` are 202s.
 */
export type Outcome =
  | 'relayed'
  | 'accepted'
  | 'duplicate'
  | 'not_found'
  | 'invalid'
  | 'too_large'
  | 'unavailable'
  | 'aborted'
  | 'error'

/** ingress's metrics; label children are cached so the hot path only increments. */
export interface IngressMetrics {
  /** A request ended; `installationId` is '' when the webhook id named no installation. */
  request(outcome: Outcome, installationId: string): void
  lookup(hit: boolean): void
  /** Seconds from publish to JetStream ack. */
  publishSeconds(s: number): void
}

/** Registers ingress's metrics on `registry`. */
export function createIngressMetrics(registry: Registry): IngressMetrics {
  const requests = new Counter({
    name: METRIC_NAMES.webhooks,
    help: 'Webhook requests by installation and outcome (relayed: answered synchronously; accepted, duplicate: 202)',
    labelNames: ['installation', 'outcome'],
    registers: [registry],
  })
  const lookups = new Counter({
    name: METRIC_NAMES.lookups,
    help: 'Webhook ID lookups by cache result',
    labelNames: ['cache'],
    registers: [registry],
  })
  const publish = new Histogram({
    name: METRIC_NAMES.publishSeconds,
    help: 'Time from JetStream publish to acknowledgement',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const children = new Map<string, ReturnType<typeof requests.labels>>()
  const hit = lookups.labels('hit')
  const miss = lookups.labels('miss')
  return {
    request: (o, installationId) => {
      const key = `${installationId} ${o}`
      let child = children.get(key)
      if (!child) {
        child = requests.labels({ installation: installationId, outcome: o })
        children.set(key, child)
      }
      child.inc()
    },
    lookup: (h) => (h ? hit : miss).inc(),
    publishSeconds: (s) => publish.observe(s),
  }
}
