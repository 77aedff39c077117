import { ConfigError, loadConfig, secretValues, type z } from '@switchboard/config'
import { createLogger, type Logger } from '@switchboard/logging'

/** What `runService` needs: the service name, its env schema (with `LOG_LEVEL`), and how to start it. */
export interface ServiceDefinition<S extends z.ZodObject> {
  name: string
  env: S
  start(config: z.infer<S>, logger: Logger): Promise<{ stop(): Promise<void> }>
}

/**
 * The body of every service's `main.ts`: parses the environment, creates the JSON logger with the
 * config's secrets scrubbed, starts the service, and on SIGINT/SIGTERM stops it gracefully (exit 0) or
 * reports why it could not (exit 1). A configuration problem — found while parsing, or by `start` (a
 * malformed master key, say) — exits 2 with a message on stderr naming what is wrong; any other
 * failure to start is logged and exits 1.
 */
export async function runService<S extends z.ZodObject>(def: ServiceDefinition<S>): Promise<void> {
  function exitOnConfigError(err: ConfigError): never {
    process.stderr.write(`${def.name}: ${err.message}\n`)
    process.exit(2)
  }
  let config: z.infer<S>
  try {
    config = loadConfig(def.env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    exitOnConfigError(err)
  }
  const level = (config as { LOG_LEVEL?: string }).LOG_LEVEL ?? 'info'
  const logger = createLogger({ service: def.name, level, secrets: secretValues(def.env, config) })
  let service: { stop(): Promise<void> }
  try {
    service = await def.start(config, logger)
  } catch (err) {
    if (err instanceof ConfigError) exitOnConfigError(err)
    logger.fatal({ err }, `${def.name} failed to start`)
    process.exit(1)
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down')
      service.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed')
          process.exit(1)
        },
      )
    })
  }
}
