export { startTelemetry, type Telemetry, type TelemetryOptions } from './sdk.js'
export {
  injectTraceHeaders,
  extractTraceContext,
  currentTraceHeaders,
  type HeaderGetter,
  type HeaderSetter,
} from './propagation.js'
export { createMetricsRegistry, oncePerScrape, Counter, Histogram, Gauge, type Registry } from './metrics.js'
export { trace, context, SpanStatusCode, type Span, type Context } from '@opentelemetry/api'
