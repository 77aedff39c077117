import { context, propagation, type Context } from '@opentelemetry/api'

/** Anything with string headers we can write: NATS `MsgHdrs`, a plain object, fetch `Headers`. */
export interface HeaderSetter {
  set(key: string, value: string): void
}
/** Anything with string headers we can read. */
export interface HeaderGetter {
  get(key: string): string | undefined | null
}

/** Writes `traceparent`/`tracestate` of the active (or given) context into `carrier`. */
export function injectTraceHeaders(carrier: HeaderSetter, ctx: Context = context.active()): void {
  propagation.inject(ctx, carrier, {
    set: (c, k, v) => c.set(k, v),
  })
}

/** Reads W3C trace context from `carrier` into a Context to run the handling code in. */
export function extractTraceContext(carrier: HeaderGetter, base: Context = context.active()): Context {
  return propagation.extract(base, carrier, {
    get: (c, k) => c.get(k) ?? undefined,
    keys: () => ['traceparent', 'tracestate'],
  })
}

/** Current `traceparent`/`tracestate` as a plain object (for outbox rows and HTTP calls). */
export function currentTraceHeaders(): Record<string, string> {
  const out: Record<string, string> = {}
  propagation.inject(context.active(), out)
  return out
}
