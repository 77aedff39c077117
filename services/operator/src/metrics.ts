import { Counter, Histogram, type Registry } from '@switchboard/telemetry'
import type { ControllerMetrics } from './controller/controller.js'

/** The operator's metric names, in one place so dashboards and alerts can rely on them. */
export const METRIC_NAMES = {
  reconciles: 'switchboard_operator_reconciles_total',
  reconcileSeconds: 'switchboard_operator_reconcile_seconds',
} as const

/** Registers the controllers' metrics on `registry`. Labels: the controller and the outcome only. */
export function createOperatorMetrics(registry: Registry): ControllerMetrics {
  return {
    reconciles: new Counter({
      name: METRIC_NAMES.reconciles,
      help: 'Reconcile passes by controller and outcome (ok, conflict, error).',
      labelNames: ['controller', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: METRIC_NAMES.reconcileSeconds,
      help: 'Duration of reconcile passes.',
      labelNames: ['controller'],
      registers: [registry],
    }),
  }
}
