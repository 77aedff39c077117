/**
 * Load with `node --import @switchboard/telemetry/register` (or tsx --import) so ESM modules are
 * instrumented. Starts the SDK from `OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_ENDPOINT` and
 * `OTEL_TRACES_SAMPLER_ARG` (the share of new traces recorded, default 1). Without an endpoint it
 * does nothing (see `startTelemetry`), so a service starts and serves without the SDK's cost.
 */
import { register } from 'node:module'

const otlpEndpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined
if (otlpEndpoint) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url)
  const { startTelemetry } = await import('./sdk.js')
  const ratio = Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? '1')
  const telemetry = startTelemetry({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'switchboard',
    otlpEndpoint,
    sampleRatio: Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1,
  })
  process.once('beforeExit', () => void telemetry.shutdown())
}
