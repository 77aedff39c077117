/**
 * Load with `node --import @switchboard/telemetry/register` (or tsx --import) so ESM modules are
 * instrumented. Starts the SDK from `OTEL_SERVICE_NAME` and `OTEL_EXPORTER_OTLP_ENDPOINT`.
 */
import { register } from 'node:module'
import { startTelemetry } from './sdk.js'

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url)
const telemetry = startTelemetry({
  serviceName: process.env.OTEL_SERVICE_NAME ?? 'switchboard',
  otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
})
process.once('beforeExit', () => void telemetry.shutdown())
