import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'

/** Options for `startTelemetry`. */
export interface TelemetryOptions {
  serviceName: string
  /** OTLP/HTTP endpoint; without it (and without `spanProcessors`) no spans are exported. */
  otlpEndpoint?: string
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[]
  /**
   * The share of new traces recorded, 0 to 1 (default 1). A trace continued from an incoming
   * `traceparent` follows the caller's decision, so one webhook stays one whole trace or none.
   */
  sampleRatio?: number
}

/** A started SDK; call `shutdown` on exit to flush spans. */
export interface Telemetry {
  shutdown(): Promise<void>
}

/**
 * Starts OpenTelemetry with HTTP, gRPC and pg instrumentation and W3C trace-context propagation.
 * ESM services must load `@switchboard/telemetry/register` with `--import` so instrumented modules
 * are patched before they are first imported.
 *
 * With nowhere to send spans (no OTLP endpoint, no processor) nothing is instrumented at all: no
 * span would leave the process, so the instrumentation's cost on every request and query would buy
 * nothing. `register.ts` loads this module only when an
 * endpoint is set: the SDK is slow to import, and services must be ready within a second.
 */
export function startTelemetry(opts: TelemetryOptions): Telemetry {
  const processors: SpanProcessor[] = [...(opts.spanProcessors ?? [])]
  if (opts.otlpEndpoint) {
    const url = opts.otlpEndpoint.replace(/\/$/, '') + '/v1/traces'
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })))
  }
  if (processors.length === 0) return { shutdown: async () => undefined }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors: processors,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(opts.sampleRatio ?? 1) }),
  })
  provider.register({ propagator: new W3CTraceContextPropagator() })
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Health and metrics probes are noise in traces.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? ''),
      }),
      new GrpcInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  })
  return {
    shutdown: async () => {
      unregister()
      await provider.shutdown()
    },
  }
}
