import { runService } from '@switchboard/service'
import { startOperator } from './app.js'
import { operatorEnv } from './config.js'
import { ClientNodeKube } from './kube/client.js'

await runService({
  name: 'operator',
  env: operatorEnv,
  start: (config, logger) =>
    startOperator(config, logger, {
      kube: ClientNodeKube.fromDefault(),
      // Exit on a lost lease: the pod restarts as a follower and waits for the lease again.
      onLostLeadership: () => process.exit(1),
    }),
})
