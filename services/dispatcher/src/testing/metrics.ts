import type { NatsConnection } from '@nats-io/nats-core'
import { createLogger } from '@switchboard/logging'
import type { SandboxDriver } from '@switchboard/sandbox'
import { createMetricsRegistry, type Registry } from '@switchboard/telemetry'
import { createDispatcherMetrics, type DispatcherMetrics } from '../metrics.js'

/**
 * The dispatcher's real metrics on a registry of their own, for tests that feed them directly: no
 * consumers or streams to watch, no sandboxes.
 */
export function testDispatcherMetrics(nc: NatsConnection): {
  registry: Registry
  metrics: DispatcherMetrics
} {
  const registry = createMetricsRegistry('dispatcher')
  const metrics = createDispatcherMetrics({
    registry,
    nc,
    consumers: [],
    streams: [],
    driver: {} as SandboxDriver,
    logger: createLogger({ service: 'test', level: 'silent' }),
  })
  return { registry, metrics }
}

/** The value of one series in Prometheus exposition text, or undefined when it is absent. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && want.every((w) => l.slice(0, l.indexOf('}')).includes(w)))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}
