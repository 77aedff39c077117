import { z } from 'zod'

/** A TCP port from the environment (0 lets the OS choose, as tests do). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback)

/** A boolean from the environment: `true/false/1/0/yes/no`. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')

/** The log level names pino understands. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')

/** Variables every service reads: database, NATS, logging, telemetry. */
export const commonEnv = {
  LOG_LEVEL: logLevel,
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Prefix for stream and subject names, so tests and several installs can share one NATS. */
  NATS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]*$/, 'only letters, digits and underscores')
    .default(''),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
}
