import { runService } from '@switchboard/service'
import { startDispatcher } from './app.js'
import { dispatcherEnv } from './config.js'

await runService({
  name: 'dispatcher',
  env: dispatcherEnv,
  start: (config, logger) => startDispatcher(config, logger),
})
