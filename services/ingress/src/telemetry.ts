import { Counter, Histogram, trace, type Registry } from '@switchboard/telemetry'

/** Span names of ingress, in one place so they stay stable. */
export const SPANS = {
  /** The JetStream publish of one webhook (kind PRODUCER); its context travels in `traceparent`. */
  publish: 'webhook publish',
} as const

/** The tracer ingress creates its spans with. */
export const tracer = trace.getTracer('@switchboard/ingress')

/** How a webhook request ended: the `outcome` label of `ingress_webhook_requests_total`. */
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

const OUTCOMES: Outcome[] = [
  'relayed',
  'accepted',
  'duplicate',
  'not_found',
  'invalid',
  'too_large',
  'unavailable',
  'aborted',
  'error',
]

/** ingress's metrics, with label children resolved once so the hot path only increments. */
export interface IngressMetrics {
  request(outcome: Outcome): void
  lookup(hit: boolean): void
  /** Seconds from publish to JetStream ack. */
  publishSeconds(s: number): void
}

/** Registers ingress's metrics on `registry`. */
export function createIngressMetrics(registry: Registry): IngressMetrics {
  const requests = new Counter({
    name: 'ingress_webhook_requests_total',
    help: 'Webhook requests by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  })
  const lookups = new Counter({
    name: 'ingress_lookup_total',
    help: 'Webhook ID lookups by cache result',
    labelNames: ['cache'],
    registers: [registry],
  })
  const publish = new Histogram({
    name: 'ingress_publish_duration_seconds',
    help: 'Time from JetStream publish to acknowledgement',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const byOutcome = new Map(OUTCOMES.map((o) => [o, requests.labels(o)]))
  const hit = lookups.labels('hit')
  const miss = lookups.labels('miss')
  return {
    request: (o) => byOutcome.get(o)!.inc(),
    lookup: (h) => (h ? hit : miss).inc(),
    publishSeconds: (s) => publish.observe(s),
  }
}
