import { Counter, type Registry } from '@switchboard/telemetry'

/** Metric names of the secrets service, kept in one place so dashboards can rely on them. */
export const METRIC_NAMES = {
  calls: 'switchboard_secrets_calls_total',
  rewrapped: 'switchboard_secrets_rewrapped_total',
} as const

/** The service's metrics. Labels never carry ids or values. */
export interface SecretsMetrics {
  /**
   * Calls by method, outcome (ok, denied, not_found, invalid, error) and identity (the caller's role:
   * reader, admin, anonymous or unknown, never a token). Reads are the `Get*` methods; denials are
   * `outcome="denied"`.
   */
  calls: Counter<'method' | 'outcome' | 'identity'>
  /** Data keys re-wrapped by RotateKey. */
  rewrapped: Counter
}

/** Registers the service's metrics on `registry`. */
export function createSecretsMetrics(registry: Registry): SecretsMetrics {
  return {
    calls: new Counter({
      name: METRIC_NAMES.calls,
      help: 'SecretsService calls by method, outcome and caller identity',
      labelNames: ['method', 'outcome', 'identity'],
      registers: [registry],
    }),
    rewrapped: new Counter({
      name: METRIC_NAMES.rewrapped,
      help: 'Data keys re-wrapped under the current key-encryption key',
      registers: [registry],
    }),
  }
}
