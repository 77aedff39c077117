import { randomBytes } from 'node:crypto'
import { join, relative } from 'node:path'
import pg from 'pg'
import { chatApiEnv, SCHEMA as CHAT_SCHEMA, startChatApi } from '@switchboard/chat-api'
import { loadConfig } from '@switchboard/config'
import { consoleEnv, ensureWebApp, startConsole } from '@switchboard/console'
import { dispatcherEnv, startDispatcher } from '@switchboard/dispatcher'
import { ingressEnv, startIngress } from '@switchboard/ingress'
import { createLogger } from '@switchboard/logging'
import { connectNats, natsNames, type HandlerLogRecord } from '@switchboard/nats'
import { promiseClient, protos } from '@switchboard/proto'
import { SCHEMA as SECRETS_SCHEMA, secretsEnv, startSecretsService } from '@switchboard/secrets'
import { applyManifests, type AppliedInstallation } from '../apply/apply.js'
import { AppliedStore } from '../apply/record.js'
import { canConnect } from '../cli/clients.js'
import { CliError } from '../cli/errors.js'
import { readDevEnv, STATE_DIR, writeDevEnv } from '../cli/settings.js'
import { allLogsSubject, formatLogRecord } from '../commands/logs.js'
import { EXAMPLES } from '../examples.js'
import { loadManifests } from '../manifests/load.js'
import { startNatsServer } from './nats-server.js'
import { checkSharedSearchPath, startEmbeddedPostgres } from './pglite.js'
import { isPortFree } from './ports.js'
import { startSink } from './sink.js'

/** The fixed local ports of dev mode (the example manifests point the sink URL at 8099). */
export const DEV_PORTS = {
  ingress: 8080,
  chatHttp: 8081,
  chatGrpc: 50051,
  secretsGrpc: 50052,
  secretsHttp: 9465,
  dispatcherHttp: 9466,
  console: 8090,
  sink: 8099,
} as const

const HOST = '127.0.0.1'

/** What `switchboard dev` reads and where it writes. */
export interface DevOptions {
  /** The state folder is `<cwd>/.switchboard`. */
  cwd: string
  /**
   * DATABASE_URL, NATS_URL, LOG_LEVEL (default warn), SWITCHBOARD_WEBHOOK_BASE_URL (the public base of
   * webhook URLs, default http://127.0.0.1:8080) and PATH (to find nats-server).
   */
  env: Record<string, string | undefined>
  /** Manifests to apply (default: examples/switchboard.yaml). */
  manifests?: string[]
  out: (line: string) => void
  err: (line: string) => void
}

/** A running local platform. */
export interface DevPlatform {
  webhookUrls: AppliedInstallation[]
  apiUrl: string
  sinkUrl: string
  /** Rejects when a child the platform needs (nats-server) dies on its own. */
  failed: Promise<never>
  stop(): Promise<void>
}

/** Credentials that must survive restarts (the master key above all: it decrypts stored secrets). */
function credentials(stateDir: string): Record<string, string> {
  const saved = readDevEnv(stateDir)
  const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`
  return {
    SWITCHBOARD_ADMIN_TOKEN: saved.SWITCHBOARD_ADMIN_TOKEN ?? saved.SB_ADMIN_TOKEN ?? token('sba'),
    // One identity per service (ARCHITECTURE.md §8): ingress only resolves webhook IDs, the dispatcher
    // reads and keeps its expiring sandbox tokens; neither holds the admin token.
    SWITCHBOARD_WEBHOOK_RESOLVER_TOKEN: saved.SWITCHBOARD_WEBHOOK_RESOLVER_TOKEN ?? token('sbw'),
    SWITCHBOARD_DISPATCHER_TOKEN: saved.SWITCHBOARD_DISPATCHER_TOKEN ?? token('sbd'),
    SWITCHBOARD_SECRETS_TOKEN:
      saved.SWITCHBOARD_SECRETS_TOKEN ?? saved.SB_SECRETS_ADMIN_TOKEN ?? token('sbs'),
    SWITCHBOARD_SECRETS_READER_TOKEN:
      saved.SWITCHBOARD_SECRETS_READER_TOKEN ?? saved.SB_SECRETS_READER_TOKEN ?? token('sbr'),
    SWITCHBOARD_MASTER_KEY:
      saved.SWITCHBOARD_MASTER_KEY ?? saved.SB_MASTER_KEY ?? randomBytes(32).toString('base64'),
    SWITCHBOARD_CONSOLE_READONLY_TOKEN: saved.SWITCHBOARD_CONSOLE_READONLY_TOKEN ?? token('sbv'),
  }
}

/** Creates the database of `url` on its server when missing (a Postgres the user pointed at). */
async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1)) || 'postgres'
  u.pathname = '/postgres'
  const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 })
  try {
    await c.connect()
  } catch (err) {
    throw new CliError(
      `cannot reach Postgres at ${u.host} (DATABASE_URL): ${(err as Error).message}. Start it, fix DATABASE_URL, or unset DATABASE_URL to use the embedded PGlite.`,
    )
  }
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
  } finally {
    await c.end()
  }
}

/**
 * Starts the whole platform on this machine — chat-api, secrets, ingress and the dispatcher with
 * process sandboxes, in this process — on Postgres from DATABASE_URL (else an embedded PGlite in
 * `.switchboard/pglite`) and NATS from NATS_URL (else `nats-server -js` from PATH, storing in
 * `.switchboard/nats`), runs a sink standing in for the external service, writes `.switchboard/dev.env`
 * for the CLI, and applies the example manifests. On a failure half-way, whatever started is stopped.
 */
export async function startDev(o: DevOptions): Promise<DevPlatform> {
  const stateDir = join(o.cwd, STATE_DIR)
  const stops: Array<() => Promise<void>> = []
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse())
      await stop().catch((err: Error) => o.err(`while stopping: ${err.message}`))
  }
  try {
    return await start(o, stateDir, stops, stopAll)
  } catch (err) {
    await stopAll()
    throw err
  }
}

async function start(
  o: DevOptions,
  stateDir: string,
  stops: Array<() => Promise<void>>,
  stopAll: () => Promise<void>,
): Promise<DevPlatform> {
  const busy: string[] = []
  for (const [name, port] of Object.entries(DEV_PORTS))
    if (!(await isPortFree(HOST, port))) busy.push(`${port} (${name})`)
  if (busy.length) {
    throw new CliError(
      `these ports are in use on ${HOST}: ${busy.join(', ')}. Is another \`switchboard dev\` running? Stop it (Ctrl-C) or free the ports.`,
    )
  }

  // Keep the credentials before anything is encrypted with the master key.
  const creds = credentials(stateDir)
  writeDevEnv(stateDir, creds)
  const level = o.env.LOG_LEVEL ?? 'warn'
  const logger = (service: string) => createLogger({ service, level, secrets: Object.values(creds) })
  const rel = (p: string) => relative(o.cwd, p) || '.'

  // NATS first: a missing nats-server is found before the (slower) database starts.
  let natsUrl = o.env.NATS_URL
  let natsNote: string
  let natsDied: Promise<never> = new Promise(() => undefined)
  if (natsUrl) {
    const first = new URL(natsUrl.split(',')[0]!)
    if (!(await canConnect(`${first.hostname}:${first.port || 4222}`))) {
      throw new CliError(
        `cannot reach NATS at ${natsUrl} (NATS_URL). Start a NATS server with JetStream (\`nats-server -js\`), or unset NATS_URL and switchboard dev starts one.`,
      )
    }
    natsNote = `NATS at ${natsUrl} (NATS_URL)`
  } else {
    const server = await startNatsServer({ storeDir: join(stateDir, 'nats'), path: o.env.PATH })
    let stopping = false
    stops.push(() => ((stopping = true), server.stop()))
    natsDied = server.exited.then((code) => {
      if (stopping) return new Promise<never>(() => undefined)
      throw new CliError(
        `nats-server exited on its own (code ${code}); see ${rel(join(stateDir, 'nats', 'nats-server.log'))}`,
      )
    })
    void natsDied.catch(() => undefined) // handled by runDev; never an unhandled rejection
    natsUrl = server.url
    natsNote = `nats-server -js started here (${natsUrl}, pid ${server.pid}, store in ${rel(join(stateDir, 'nats'))})`
  }

  let databaseUrl = o.env.DATABASE_URL
  let databaseNote: string
  const pool: Record<string, string> = {}
  if (databaseUrl) {
    await ensureDatabase(databaseUrl)
    databaseNote = `Postgres at ${new URL(databaseUrl).host} (DATABASE_URL)`
  } else {
    o.out(`Starting the embedded Postgres (PGlite) in ${rel(join(stateDir, 'pglite'))}…`)
    const embedded = await startEmbeddedPostgres({
      dataDir: join(stateDir, 'pglite'),
      schemas: [CHAT_SCHEMA, SECRETS_SCHEMA],
    })
    stops.push(() => embedded.stop())
    databaseUrl = embedded.url
    // PGlite serves one query at a time: one connection per service.
    pool.DATABASE_POOL_MAX = '1'
    databaseNote = `embedded PGlite (data in ${rel(join(stateDir, 'pglite'))}; set DATABASE_URL to use a Postgres server)`
  }

  const host = { HTTP_HOST: HOST, GRPC_HOST: HOST, LOG_LEVEL: level }
  const common = { DATABASE_URL: databaseUrl, NATS_URL: natsUrl, ...host }
  // Webhook URLs use SWITCHBOARD_WEBHOOK_BASE_URL when set (a tunnel to port 8080, for real providers).
  const ingressUrl =
    o.env.SWITCHBOARD_WEBHOOK_BASE_URL?.replace(/\/$/, '') || `http://${HOST}:${DEV_PORTS.ingress}`
  const apiUrl = `http://${HOST}:${DEV_PORTS.chatHttp}`
  const adminGrpc = `${HOST}:${DEV_PORTS.chatGrpc}`
  const secretsGrpc = `${HOST}:${DEV_PORTS.secretsGrpc}`

  const chat = await startChatApi(
    loadConfig(chatApiEnv, {
      ...common,
      ...pool,
      ADMIN_TOKEN: creds.SWITCHBOARD_ADMIN_TOKEN,
      WEBHOOK_RESOLVER_TOKEN: creds.SWITCHBOARD_WEBHOOK_RESOLVER_TOKEN,
      DISPATCHER_TOKEN: creds.SWITCHBOARD_DISPATCHER_TOKEN,
      // The install sequence stores configurations there (the secrets service starts next; gRPC connects lazily).
      SECRETS_GRPC_URL: secretsGrpc,
      SECRETS_ADMIN_TOKEN: creds.SWITCHBOARD_SECRETS_TOKEN,
      HTTP_PORT: `${DEV_PORTS.chatHttp}`,
      GRPC_PORT: `${DEV_PORTS.chatGrpc}`,
    }),
    logger('chat-api'),
  )
  stops.push(() => chat.stop())
  const secrets = await startSecretsService(
    loadConfig(secretsEnv, {
      ...common,
      ...pool,
      SWITCHBOARD_MASTER_KEY: creds.SWITCHBOARD_MASTER_KEY,
      SECRETS_READER_TOKEN: creds.SWITCHBOARD_SECRETS_READER_TOKEN,
      SECRETS_ADMIN_TOKEN: creds.SWITCHBOARD_SECRETS_TOKEN,
      GRPC_PORT: `${DEV_PORTS.secretsGrpc}`,
      HTTP_PORT: `${DEV_PORTS.secretsHttp}`,
    }),
    logger('secrets'),
  )
  stops.push(() => secrets.stop())
  if (pool.DATABASE_POOL_MAX) {
    await checkSharedSearchPath((sql, params) => chat.pool.query(sql, params), [CHAT_SCHEMA, SECRETS_SCHEMA])
  }
  const ingress = await startIngress(
    loadConfig(ingressEnv, {
      ...common,
      ADMIN_GRPC_URL: adminGrpc,
      WEBHOOK_RESOLVER_TOKEN: creds.SWITCHBOARD_WEBHOOK_RESOLVER_TOKEN,
      HTTP_PORT: `${DEV_PORTS.ingress}`,
      PUBLIC_URL: ingressUrl,
    }),
    logger('ingress'),
  )
  stops.push(() => ingress.stop())
  const dispatcher = await startDispatcher(
    loadConfig(dispatcherEnv, {
      ...common,
      ADMIN_GRPC_URL: adminGrpc,
      DISPATCHER_TOKEN: creds.SWITCHBOARD_DISPATCHER_TOKEN,
      SECRETS_GRPC_URL: secretsGrpc,
      SECRETS_READER_TOKEN: creds.SWITCHBOARD_SECRETS_READER_TOKEN,
      CHAT_API_URL: apiUrl,
      PUBLIC_WEBHOOK_BASE_URL: ingressUrl,
      HTTP_PORT: `${DEV_PORTS.dispatcherHttp}`,
      // Sandboxes reach the Runtime API and the local sink, nothing else on this machine.
      SANDBOX_NETWORK: o.env.SANDBOX_NETWORK,
      SANDBOX_LOOPBACK_PORTS: `${DEV_PORTS.sink}`,
    }),
    logger('dispatcher'),
  )
  stops.push(() => dispatcher.stop())

  // The console, on the admin API; its web app is built on the first run (a few seconds).
  if (await ensureWebApp()) o.out('Built the console web app.')
  const consoleApp = await startConsole(
    loadConfig(consoleEnv, {
      ...host,
      HTTP_PORT: `${DEV_PORTS.console}`,
      ADMIN_GRPC_URL: adminGrpc,
      ADMIN_TOKEN: creds.SWITCHBOARD_ADMIN_TOKEN,
      CONSOLE_READONLY_TOKEN: creds.SWITCHBOARD_CONSOLE_READONLY_TOKEN,
      NATS_URL: natsUrl,
      PUBLIC_WEBHOOK_BASE_URL: ingressUrl,
    }),
    logger('console'),
  )
  stops.push(() => consoleApp.stop())

  // The external service's side: the example integration POSTs the bot's answers here.
  const sink = await startSink(HOST, DEV_PORTS.sink, (line) => o.out(`[sink] ${line}`))
  stops.push(() => sink.close())

  const devEnv = writeDevEnv(stateDir, {
    SWITCHBOARD_ADMIN_URL: adminGrpc,
    SWITCHBOARD_SECRETS_URL: secretsGrpc,
    NATS_URL: natsUrl,
    SWITCHBOARD_WEBHOOK_BASE_URL: ingressUrl,
    SWITCHBOARD_API_URL: apiUrl,
    ...creds,
  })

  const admin = promiseClient(protos.admin.AdminService, adminGrpc, { token: creds.SWITCHBOARD_ADMIN_TOKEN })
  const secretsAdmin = promiseClient(protos.secrets.SecretsService, secretsGrpc, {
    token: creds.SWITCHBOARD_SECRETS_TOKEN,
  })
  stops.push(async () => (admin.close(), secretsAdmin.close()))

  // Every installation's handler calls, one line each, so the flow shows in this window.
  const nc = await connectNats(natsUrl, 'switchboard-dev')
  stops.push(() => nc.close())
  const names = natsNames('')
  const labels = new Map<string, string>()
  const store = new AppliedStore(stateDir, adminGrpc)
  const label = async (installationId: string) => {
    let l = labels.get(installationId)
    if (!l) {
      const recorded = Object.entries(store.record.installations).find(
        ([, e]) => e.id === installationId,
      )?.[0]
      if (recorded) l = recorded
      else {
        const inst = await admin.GetInstallation({ id: installationId, webhookId: '', botId: '', alias: '' })
        l = `${(await admin.GetBot({ id: inst.botId, name: '' })).name}/${inst.alias}`
      }
      labels.set(installationId, l)
    }
    return l
  }
  nc.subscribe(allLogsSubject(names), {
    callback: (_err, m) => {
      void (async () => {
        try {
          const r = m.json<HandlerLogRecord>()
          o.out(`[${await label(r.installationId)}] ${formatLogRecord(r)}`)
        } catch {
          // not a log record, or the installation is gone: nothing to show
        }
      })()
    },
  })

  const manifests = o.manifests ?? [EXAMPLES.manifests]
  o.out(`Applying ${manifests.map(rel).join(', ')} (building the SDK projects it names)…`)
  const loaded = await loadManifests(manifests, o.cwd)
  const applied = await applyManifests(loaded, {
    admin,
    secrets: secretsAdmin,
    store,
    webhookBaseUrl: ingressUrl,
    out: (line) => o.out(`  ${line}`),
    cwd: o.cwd,
  })
  o.out(
    banner({
      databaseNote,
      natsNote,
      applied: applied.installations,
      apiUrl,
      sinkUrl: `${sink.url}/outgoing`,
      devEnv: rel(devEnv),
      adminGrpc,
      consoleUrl: consoleApp.url,
    }),
  )
  return {
    webhookUrls: applied.installations,
    apiUrl,
    sinkUrl: `${sink.url}/outgoing`,
    failed: natsDied,
    stop: stopAll,
  }
}

function banner(b: {
  databaseNote: string
  natsNote: string
  applied: AppliedInstallation[]
  apiUrl: string
  sinkUrl: string
  devEnv: string
  adminGrpc: string
  consoleUrl: string
}): string {
  const first = b.applied[0]
  const hooks = b.applied.map((i) => `  Webhook URL   ${i.webhookUrl}   (installation ${i.name})`)
  const body = JSON.stringify({ conversationId: 'chat-1', userId: 'ada', text: 'hello' })
  return [
    '',
    'Switchboard is running: chat-api, secrets, ingress, the dispatcher (process sandboxes) and the console.',
    `  Database      ${b.databaseNote}`,
    `  NATS          ${b.natsNote}`,
    '',
    ...hooks,
    '                where the external service sends its webhooks',
    `  Runtime API   ${b.apiUrl}`,
    "                what integrations and bots call (@botpress/client's apiUrl; /v1/chat/*)",
    `  Sink          ${b.sinkUrl}`,
    '                stands in for the external service: the integration POSTs the bot’s answers here ([sink] below)',
    `  Console       ${b.consoleUrl}`,
    `                sign in with SWITCHBOARD_ADMIN_TOKEN, or SWITCHBOARD_CONSOLE_READONLY_TOKEN (read-only), from ${b.devEnv}`,
    `  Admin API     ${b.adminGrpc} (gRPC). \`npx switchboard …\` reads ${b.devEnv} (tokens, master key: not printed)`,
    '',
    ...(first
      ? [
          'Try it from another terminal:',
          '',
          `  curl -s -X POST ${first.webhookUrl} -H 'content-type: application/json' -d '${body}'`,
          '',
          'The integration turns it into a message, the echo bot answers, and the answer arrives here as',
          `  [sink] POST /outgoing {"conversationId":"chat-1","text":"echo: hello","messageId":"msg_…"}`,
          '',
          `Then: npx switchboard get installations · npx switchboard logs ${first.name} · docs/quickstart.md`,
        ]
      : ['No installation was applied.']),
    'Ctrl-C stops everything.',
    '',
  ].join('\n')
}

/**
 * Runs `switchboard dev` until SIGINT/SIGTERM (or a child it needs dies), then stops every service and
 * child; returns the exit code. A signal during startup stops the platform as soon as it is up; a
 * second signal exits at once (nats-server and the sandboxes die with this process).
 */
export async function runDev(o: DevOptions): Promise<number> {
  let signalled = false
  let requestStop = () => undefined as void
  const stopRequested = new Promise<number>((resolve) => (requestStop = () => resolve(0)))
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      o.err(`${signal} again: exiting without waiting`)
      process.exit(130)
    }
    signalled = true
    o.err('\nStopping…')
    requestStop()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const platform = await startDev(o)
    const code = await Promise.race([
      stopRequested,
      platform.failed.catch((err: Error) => {
        o.err(`switchboard dev: ${err.message}`)
        return 1
      }),
    ])
    await platform.stop()
    return code
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
