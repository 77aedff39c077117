import { collectDefaultMetrics, Registry } from 'prom-client'

/**
 * How often the event-loop delay is sampled, in ms. prom-client's default (10) wakes every process
 * 100 times a second, about 5 ms of CPU per second each on an idle platform; at 100 it is about 1 ms,
 * and the lag percentiles still see any stall that delays a sample.
 */
const EVENT_LOOP_SAMPLE_MS = 100

/** A Prometheus registry with the process's default metrics, one per service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS })
  return registry
}
/**
 * Wraps a read (a database query, a JetStream info call) so that the gauges of one scrape share one
 * answer: calls made while it runs, and in the same tick after, get the same promise.
 */
export function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined
  return () =>
    (current ??= read().finally(() => {
      setImmediate(() => (current = undefined))
    }))
}

export { Counter, Histogram, Gauge, type Registry } from 'prom-client'
