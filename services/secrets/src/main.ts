import { runService } from '@switchboard/service'
import { startSecretsService } from './app.js'
import { secretsEnv } from './config.js'

await runService({ name: 'secrets', env: secretsEnv, start: startSecretsService })
