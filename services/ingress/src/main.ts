import { runService } from '@switchboard/service'
import { startIngress } from './app.js'
import { ingressEnv } from './config.js'

await runService({ name: 'ingress', env: ingressEnv, start: startIngress })
