import { runService } from '@switchboard/service'
import { startConsole } from './app.js'
import { consoleEnv } from './config.js'

await runService({ name: 'console', env: consoleEnv, start: startConsole })
