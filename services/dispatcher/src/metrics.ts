import { Counter, type Registry } from '@switchboard/telemetry'

/** Metric names of the dispatcher, kept in one place so dashboards can rely on them. */
export const METRIC_NAMES = {
  handlerCost: 'switchboard_dispatcher_handler_cost_total',
} as const

/** The dispatcher's metrics. Labels carry integration names and operations, never ids. */
export interface DispatcherMetrics {
  /** Sum of what handlers reported through `metadata.setCost`, by integration and operation. */
  handlerCost: Counter<'integration' | 'operation'>
}

/** Registers the dispatcher's metrics on `registry`. */
export function createDispatcherMetrics(registry: Registry): DispatcherMetrics {
  return {
    handlerCost: new Counter({
      name: METRIC_NAMES.handlerCost,
      help: 'Cost reported by integration handlers through metadata.setCost',
      labelNames: ['integration', 'operation'],
      registers: [registry],
    }),
  }
}
