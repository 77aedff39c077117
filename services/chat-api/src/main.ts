import { runService } from '@switchboard/service'
import { startChatApi } from './app.js'
import { chatApiEnv } from './config.js'

await runService({ name: 'chat-api', env: chatApiEnv, start: startChatApi })
