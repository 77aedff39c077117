import { collectDefaultMetrics, Registry } from 'prom-client'

/** A Prometheus registry with the process's default metrics, one per service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  return registry
}
export { Counter, Histogram, Gauge, type Registry } from 'prom-client'
