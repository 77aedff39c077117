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
