/**
 * `npm run dev`: runs the platform locally on this machine: chat-api, secrets, ingress and the
 * dispatcher (with process sandboxes), and installs the example webhook integration — built here with
 * @botpress/sdk — in an example bot. Its outgoing messages are POSTed to a sink this command runs and
 * prints. Bots (the echo bot) and `switchboard dev` arrive with the bots issue.
 *
 * Postgres comes from DATABASE_URL (default: the local server, database `switchboard`, created if
 * missing); NATS from NATS_URL (default nats://127.0.0.1:4222). Generated credentials (admin token,
 * secrets tokens, master key) and the example's tokens are kept in .switchboard/dev.env (mode 0600),
 * never printed.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import pg from 'pg'
import { chatApiEnv, startChatApi } from '@switchboard/chat-api'
import { loadConfig } from '@switchboard/config'
import { dispatcherEnv, startDispatcher } from '@switchboard/dispatcher'
import { buildIntegration, EXAMPLES } from '@switchboard/cli'
import { ingressEnv, startIngress } from '@switchboard/ingress'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos } from '@switchboard/proto'
import { secretsEnv, startSecretsService } from '@switchboard/secrets'

const STATE_DIR = '.switchboard'
const ENV_FILE = `${STATE_DIR}/dev.env`
const PORTS = {
  ingress: 8080,
  chatHttp: 8081,
  chatGrpc: 50051,
  secretsGrpc: 50052,
  secretsHttp: 9465,
  dispatcherHttp: 9466,
  sink: 8099,
}

function fail(message: string): never {
  console.error(`\nswitchboard dev: ${message}\n`)
  process.exit(1)
}

function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || fallbackPort) })
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}

/** Creates the dev database on the server if it does not exist yet. */
async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url)
  const name = u.pathname.slice(1)
  u.pathname = '/postgres'
  const c = new pg.Client({ connectionString: u.toString() })
  await c
    .connect()
    .catch((err: Error) =>
      fail(`cannot reach Postgres at ${u.host} (${err.message}). Start it or set DATABASE_URL.`),
    )
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
  } finally {
    await c.end()
  }
}

/** Credentials that must stay the same across runs (the master key above all), kept in dev.env. */
function persistentCredentials(): Record<string, string> {
  const saved: Record<string, string> = {}
  if (existsSync(ENV_FILE)) {
    for (const m of readFileSync(ENV_FILE, 'utf8').matchAll(/^export (\w+)=(\S+)$/gm)) saved[m[1]!] = m[2]!
  }
  const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`
  return {
    SB_ADMIN_TOKEN: saved.SB_ADMIN_TOKEN ?? token('sba'),
    SB_SECRETS_READER_TOKEN: saved.SB_SECRETS_READER_TOKEN ?? token('sbr'),
    SB_SECRETS_ADMIN_TOKEN: saved.SB_SECRETS_ADMIN_TOKEN ?? token('sbs'),
    SB_MASTER_KEY: saved.SB_MASTER_KEY ?? randomBytes(32).toString('base64'),
  }
}

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/switchboard'
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222'
await ensureDatabase(databaseUrl)
if (!(await reachable(natsUrl, 4222))) {
  fail(
    `cannot reach NATS at ${natsUrl}. Start one with JetStream, e.g. \`nats-server -js\`\n` +
      `(Debian/Ubuntu: apt-get install nats-server), or set NATS_URL.`,
  )
}

const creds = persistentCredentials()
const level = process.env.LOG_LEVEL ?? 'warn'
const logger = (service: string) => createLogger({ service, level, secrets: Object.values(creds) })
const host = { HTTP_HOST: '127.0.0.1', GRPC_HOST: '127.0.0.1', LOG_LEVEL: level }
const common = { DATABASE_URL: databaseUrl, NATS_URL: natsUrl, ...host }
const ingressUrl = `http://127.0.0.1:${PORTS.ingress}`
const apiUrl = `http://127.0.0.1:${PORTS.chatHttp}`

const chat = await startChatApi(
  loadConfig(chatApiEnv, {
    ...common,
    ADMIN_TOKEN: creds.SB_ADMIN_TOKEN,
    HTTP_PORT: `${PORTS.chatHttp}`,
    GRPC_PORT: `${PORTS.chatGrpc}`,
  }),
  logger('chat-api'),
)
const secrets = await startSecretsService(
  loadConfig(secretsEnv, {
    ...common,
    SWITCHBOARD_MASTER_KEY: creds.SB_MASTER_KEY,
    SECRETS_READER_TOKEN: creds.SB_SECRETS_READER_TOKEN,
    SECRETS_ADMIN_TOKEN: creds.SB_SECRETS_ADMIN_TOKEN,
    GRPC_PORT: `${PORTS.secretsGrpc}`,
    HTTP_PORT: `${PORTS.secretsHttp}`,
  }),
  logger('secrets'),
)
const adminGrpc = `127.0.0.1:${PORTS.chatGrpc}`
const ingress = await startIngress(
  loadConfig(ingressEnv, {
    ...common,
    ADMIN_GRPC_URL: adminGrpc,
    ADMIN_TOKEN: creds.SB_ADMIN_TOKEN,
    HTTP_PORT: `${PORTS.ingress}`,
    PUBLIC_URL: ingressUrl,
  }),
  logger('ingress'),
)
const dispatcher = await startDispatcher(
  loadConfig(dispatcherEnv, {
    ...common,
    ADMIN_GRPC_URL: adminGrpc,
    ADMIN_TOKEN: creds.SB_ADMIN_TOKEN,
    SECRETS_GRPC_URL: `127.0.0.1:${PORTS.secretsGrpc}`,
    SECRETS_READER_TOKEN: creds.SB_SECRETS_READER_TOKEN,
    CHAT_API_URL: apiUrl,
    PUBLIC_WEBHOOK_BASE_URL: ingressUrl,
    HTTP_PORT: `${PORTS.dispatcherHttp}`,
  }),
  logger('dispatcher'),
)

// The example integration's outgoing messages land here and are printed.
const sinkUrl = `http://127.0.0.1:${PORTS.sink}/outgoing`
const sink = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => (body += c.toString()))
  req.on('end', () => {
    console.log(`\n[sink] the integration sent out: ${body}`)
    res.writeHead(204).end()
  })
})
await new Promise<void>((r) => sink.listen(PORTS.sink, '127.0.0.1', r))

// The example: the webhook integration, built with @botpress/sdk, installed in an example bot.
const built = await buildIntegration(EXAMPLES.webhookIntegration)
const admin = promiseClient(protos.admin.AdminService, adminGrpc, { token: creds.SB_ADMIN_TOKEN })
const intg = await admin.PutIntegration({
  name: built.definition.name,
  version: built.definition.version,
  definitionJson: JSON.stringify(built.definition),
  bundle: built.bundle,
  webhook: { idempotencyKey: '', syncTimeoutMs: 0 },
})
const bot = await admin.PutBot({ name: 'example-bot' })
const existing = (await admin.ListInstallations({ botId: bot.id, integrationId: '' })).installations.find(
  (i) => i.alias === 'webhook',
)
const inst = existing
  ? await admin.UpdateInstallation({ id: existing.id, enabled: true, integrationId: intg.id })
  : await admin.CreateInstallation({ botId: bot.id, integrationId: intg.id, alias: 'webhook', enabled: true })
const secretsAdmin = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${PORTS.secretsGrpc}`, {
  token: creds.SB_SECRETS_ADMIN_TOKEN,
})
await secretsAdmin.PutConfiguration({
  installationId: inst.id,
  configurationJson: JSON.stringify({ url: sinkUrl }),
  schemaJson: JSON.stringify(built.definition.configuration?.schema ?? {}),
})
const botToken = await admin.CreateToken({ kind: 'bot', botId: bot.id, integrationId: '', name: 'dev' })
admin.close()
secretsAdmin.close()

mkdirSync(STATE_DIR, { recursive: true })
const env = {
  ...creds,
  SB_API_URL: apiUrl,
  SB_WEBHOOK_URL: `${ingressUrl}/${inst.webhookId}`,
  SB_BOT_ID: bot.id,
  SB_BOT_TOKEN: botToken.secret,
}
writeFileSync(
  ENV_FILE,
  Object.entries(env)
    .map(([k, v]) => `export ${k}=${v}\n`)
    .join(''),
  { mode: 0o600 },
)

console.log(`
Switchboard is running: chat-api, secrets, ingress and dispatcher (process sandboxes).

  Webhook URL    ${env.SB_WEBHOOK_URL}
  Runtime API    ${apiUrl}/v1/chat
  Example        integration "webhook" (built with @botpress/sdk) installed in bot "example-bot";
                 its outgoing messages are POSTed to ${sinkUrl} and printed here
  Credentials    ${ENV_FILE}  (tokens and master key; not printed)

Try it in another terminal. A webhook becomes a conversation, a user and a message:

  curl -s -X POST ${env.SB_WEBHOOK_URL} -H 'content-type: application/json' -d '{"conversationId":"chat-1","userId":"ada","text":"hello"}'

Then answer as the bot through the Runtime API; the integration sends it to the sink above:

  source ${ENV_FILE} && npx tsx scripts/say.ts "hello from the bot"

Ctrl-C stops everything.`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (async () => {
      sink.close()
      await dispatcher.stop()
      await ingress.stop()
      await secrets.stop()
      await chat.stop()
      process.exit(0)
    })()
  })
}
