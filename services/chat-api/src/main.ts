import { ConfigError, loadConfig, secretValues } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { startChatApi } from './app.js'
import { chatApiEnv } from './config.js'

let config
try {
  config = loadConfig(chatApiEnv)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`chat-api: ${err.message}\n`)
  process.exit(2)
}
const logger = createLogger({
  service: 'chat-api',
  level: config.LOG_LEVEL,
  secrets: secretValues(chatApiEnv, config),
})
const api = await startChatApi(config, logger)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down')
    api.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
