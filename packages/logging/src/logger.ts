import { trace } from '@opentelemetry/api'
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino'

/** The logger every library takes. Services create it with `createLogger`. */
export type Logger = PinoLogger

/** Field names whose values are always replaced by `[redacted]`, at any depth up to three. */
export const REDACTED_KEYS = [
  'authorization',
  'Authorization',
  'token',
  'password',
  'secret',
  'secrets',
  'configuration',
  'masterKey',
  'x-bp-configuration',
  'cookie',
]

function redactPaths(): string[] {
  const out: string[] = []
  for (const k of REDACTED_KEYS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`
    const sep = key.startsWith('[') ? '' : '.'
    out.push(key, `*${sep}${key}`, `*.*${sep}${key}`)
  }
  return out
}

/** Options for `createLogger`. */
export interface LoggerOptions {
  service: string
  level?: string
  /** Literal secret values (tokens, keys) to scrub from every line, wherever they appear. */
  secrets?: string[]
  destination?: DestinationStream
}

/**
 * Creates the service logger: pino JSON lines with `service`, the active `traceId`/`spanId`,
 * known secret fields redacted, and known secret values scrubbed from messages.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const scrub = (opts.secrets ?? []).filter((s) => s.length >= 8)
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: opts.service },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      mixin() {
        const ctx = trace.getActiveSpan()?.spanContext()
        return ctx ? { traceId: ctx.traceId, spanId: ctx.spanId } : {}
      },
      ...(scrub.length && {
        hooks: {
          streamWrite(line: string) {
            let out = line
            for (const s of scrub) out = out.split(s).join('[redacted]')
            return out
          },
        },
      }),
    },
    opts.destination,
  )
}
