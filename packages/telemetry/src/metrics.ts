import { collectDefaultMetrics, Registry } from 'prom-client'

/** A Prometheus registry with the process's default metrics, one per service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
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
