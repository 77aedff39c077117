import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'

/** Options for `startTelemetry`. */
export interface TelemetryOptions {
  serviceName: string
  /** OTLP/HTTP endpoint; without it (and without `spanProcessors`) no spans are exported. */
  otlpEndpoint?: string
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[]
}

/** A started SDK; call `shutdown` on exit to flush spans. */
export interface Telemetry {
  shutdown(): Promise<void>
}

/**
 * Starts OpenTelemetry with HTTP, gRPC and pg instrumentation and W3C trace-context propagation.
 * ESM services must load `@switchboard/telemetry/register` with `--import` so instrumented modules
 * are patched before they are first imported.
 */
export function startTelemetry(opts: TelemetryOptions): Telemetry {
  const processors: SpanProcessor[] = [...(opts.spanProcessors ?? [])]
  if (opts.otlpEndpoint) {
    const url = opts.otlpEndpoint.replace(/\/$/, '') + '/v1/traces'
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })))
  }
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors: processors,
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [
      new HttpInstrumentation({
        // Health and metrics probes are noise in traces.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? ''),
      }),
      new GrpcInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  })
  sdk.start()
  return { shutdown: () => sdk.shutdown() }
}
