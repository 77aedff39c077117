import type { Logger } from '@switchboard/logging'
import { connectNats, natsNames, type NatsConnection } from '@switchboard/nats'
import { promiseClient, protos } from '@switchboard/proto'
import { createMetricsRegistry } from '@switchboard/telemetry'
import type { ConsoleConfig } from './config.js'
import { consoleApi } from './server/api.js'
import { createConsoleServer } from './server/http.js'
import { LiveFeed } from './server/live-feed.js'
import { SandboxBoard } from './server/sandbox-board.js'
import { roleResolver } from './server/roles.js'
import { DEFAULT_ASSETS_DIR } from './web-app.js'

/** A running console. */
export interface Console {
  port: number
  url: string
  stop(): Promise<void>
}

/**
 * Starts the console: its HTTP server (the web app, its JSON API and the live feed) on top of the admin
 * gRPC API, and a read-only subscription to the dispatchers' handler-call records for live traffic.
 */
export async function startConsole(config: ConsoleConfig, logger: Logger): Promise<Console> {
  const admin = promiseClient(protos.admin.AdminService, config.ADMIN_GRPC_URL, { token: config.ADMIN_TOKEN })
  const feed = new LiveFeed(logger)
  const sandboxes = new SandboxBoard()
  let nc: NatsConnection | undefined
  let stopped = false
  const connecting = connectNats(config.NATS_URL, 'console', { waitOnFirstConnect: true }).then((c) => {
    if (stopped) return void c.close()
    nc = c
    const names = natsNames(config.NATS_PREFIX)
    feed.start(c, names)
    sandboxes.start(c, names)
  })
  connecting.catch((err: unknown) => logger.error({ err }, 'NATS connection failed'))

  const server = createConsoleServer({
    routes: consoleApi({ admin, feed, sandboxes, webhookBaseUrl: config.PUBLIC_WEBHOOK_BASE_URL }),
    feed,
    roleOf: roleResolver({ admin: config.ADMIN_TOKEN, viewer: config.CONSOLE_READONLY_TOKEN }),
    assetsDir: config.ASSETS_DIR ?? DEFAULT_ASSETS_DIR,
    registry: createMetricsRegistry('console'),
    logger,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.HTTP_PORT, config.HTTP_HOST, () => resolve())
  })
  const port = (server.address() as { port: number }).port
  const host = config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST
  logger.info({ port }, 'console listening')
  return {
    port,
    url: `http://${host}:${port}`,
    async stop() {
      stopped = true
      feed.stop()
      sandboxes.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      if (nc) await nc.drain().catch(() => nc?.close())
      admin.close()
    },
  }
}
