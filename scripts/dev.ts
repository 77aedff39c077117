/**
 * `npm run dev`: runs the platform locally on this machine. For now that is chat-api (the Runtime API
 * and the admin/chat gRPC APIs); ingress, dispatcher and secrets join as their issues land.
 *
 * Postgres comes from DATABASE_URL (default: the local server, database `switchboard`, created if
 * missing); NATS from NATS_URL (default nats://127.0.0.1:4222). It registers an example integration
 * and bot, writes their tokens to .switchboard/dev.env (mode 0600, never printed), and shows a
 * command to try.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import pg from 'pg'
import { loadConfig } from '@switchboard/config'
import { createLogger } from '@switchboard/logging'
import { promiseClient, protos } from '@switchboard/proto'
import { chatApiEnv, startChatApi } from '@switchboard/chat-api'

const STATE_DIR = '.switchboard'
const ENV_FILE = `${STATE_DIR}/dev.env`

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

/** The admin token persists across runs so CLI sessions keep working. */
function adminToken(): string {
  if (existsSync(ENV_FILE)) {
    const m = /^export SB_ADMIN_TOKEN=(\S+)$/m.exec(readFileSync(ENV_FILE, 'utf8'))
    if (m?.[1]) return m[1]
  }
  return `sba_${randomBytes(24).toString('base64url')}`
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

const token = adminToken()
const config = loadConfig(chatApiEnv, {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NATS_URL: natsUrl,
  ADMIN_TOKEN: token,
  HTTP_HOST: process.env.HTTP_HOST ?? '127.0.0.1',
  GRPC_HOST: process.env.GRPC_HOST ?? '127.0.0.1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
})
const logger = createLogger({ service: 'chat-api', level: config.LOG_LEVEL, secrets: [token] })
const api = await startChatApi(config, logger)

// Example registry: a webhook integration installed in an echo bot (bundles arrive with the dispatcher).
const admin = promiseClient(protos.admin.AdminService, `127.0.0.1:${api.grpcPort}`, { token })
const definition = {
  name: 'webhook',
  version: '0.1.0',
  configuration: { schema: { type: 'object', properties: { url: { type: 'string' } } } },
  channels: { channel: { messages: { text: {} }, conversation: { tags: { id: {} } } } },
  user: { tags: { id: {} } },
}
const intg = await admin.PutIntegration({
  name: 'webhook',
  version: '0.1.0',
  definitionJson: JSON.stringify(definition),
})
const bot = await admin.PutBot({ name: 'echo-bot' })
const existing = (await admin.ListInstallations({ botId: bot.id, integrationId: '' })).installations.find(
  (i) => i.alias === 'webhook',
)
const inst =
  existing ??
  (await admin.CreateInstallation({ botId: bot.id, integrationId: intg.id, alias: 'webhook', enabled: true }))
const botToken = await admin.CreateToken({ kind: 'bot', botId: bot.id, name: 'dev' })
const intgToken = await admin.CreateToken({ kind: 'integration', integrationId: intg.id, name: 'dev' })
admin.close()

const apiUrl = `http://127.0.0.1:${api.httpPort}`
mkdirSync(STATE_DIR, { recursive: true })
writeFileSync(
  ENV_FILE,
  [
    `export SB_ADMIN_TOKEN=${token}`,
    `export SB_API_URL=${apiUrl}`,
    `export SB_BOT_ID=${bot.id}`,
    `export SB_BOT_TOKEN=${botToken.secret}`,
    `export SB_INTEGRATION_ID=${intg.id}`,
    `export SB_INTEGRATION_TOKEN=${intgToken.secret}`,
    `export SB_WEBHOOK_ID=${inst.webhookId}`,
    '',
  ].join('\n'),
  { mode: 0o600 },
)

console.log(`
Switchboard is running (chat-api; ingress, dispatcher and secrets arrive with their issues).

  Runtime API    ${apiUrl}/v1/chat
  Admin gRPC     127.0.0.1:${api.grpcPort}
  Example        integration "webhook" installed in bot "echo-bot" (webhook ID ${inst.webhookId})
  Credentials    ${ENV_FILE}  (admin, bot and integration tokens; not printed)

Try it, as the integration, in another terminal:

  source ${ENV_FILE} && curl -s -X POST "$SB_API_URL/v1/chat/conversations/get-or-create" \\
    -H "authorization: Bearer $SB_INTEGRATION_TOKEN" -H "x-bot-id: $SB_BOT_ID" -H "x-integration-id: $SB_INTEGRATION_ID" \\
    -H 'content-type: application/json' -d '{"channel":"channel","tags":{"id":"demo"}}'

Ctrl-C stops it.`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void api.stop().then(() => process.exit(0))
  })
}
