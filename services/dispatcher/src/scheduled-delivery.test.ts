import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@botpress/client'
import {
  ADMIN_TOKEN,
  DISPATCHER_TOKEN,
  harnessEnv as chatEnv,
  WEBHOOK_RESOLVER_TOKEN,
} from '@switchboard/chat-api/testing'
import { buildIntegration, EXAMPLES, type BuiltIntegration } from '@switchboard/cli'
import { promiseClient, protos } from '@switchboard/proto'
import {
  ADMIN_TOKEN as SECRETS_ADMIN_TOKEN,
  READER_TOKEN,
  harnessEnv as secretsEnv,
  newMasterKey,
} from '@switchboard/secrets/testing'
import {
  createTestDatabase,
  createTestNats,
  spawnService,
  waitFor,
  type SpawnedService,
  type TestDatabase,
  type TestNats,
} from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSink, type Sink } from './testing/platform.js'

const main = (service: string) => fileURLToPath(new URL(`../../${service}/src/main.ts`, import.meta.url))

/** chat-api, secrets, dispatcher and ingress, each its own process, wired to one database pair and NATS. */
class Services {
  procs: SpawnedService[] = []
  chatHttp = 0
  chatGrpc = 0
  secretsGrpc = 0

  constructor(
    private readonly chatDb: TestDatabase,
    private readonly secretsDb: TestDatabase,
    private readonly nats: TestNats,
    private readonly masterKey: string,
    /** The sink's port: the dispatcher's sandboxes may reach it (SANDBOX_LOOPBACK_PORTS). */
    private readonly sinkPort: number,
  ) {}

  async start(): Promise<void> {
    const [chat, secrets] = await Promise.all([
      spawnService(
        main('chat-api'),
        chatEnv(this.chatDb, this.nats, { SCHEDULER_POLL_MS: '200' }),
        'chat-api listening',
      ),
      spawnService(
        main('secrets'),
        secretsEnv(this.secretsDb, this.masterKey, { LOG_LEVEL: 'info' }),
        'secrets service listening',
      ),
    ])
    this.chatHttp = chat.ready.httpPort as number
    this.chatGrpc = chat.ready.grpcPort as number
    this.secretsGrpc = secrets.ready.grpcPort as number
    const common = {
      ADMIN_GRPC_URL: `127.0.0.1:${this.chatGrpc}`,
      NATS_URL: this.nats.url,
      NATS_PREFIX: this.nats.prefix,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
    }
    const [dispatcher, ingress] = await Promise.all([
      spawnService(
        main('dispatcher'),
        {
          ...common,
          DISPATCHER_TOKEN,
          SANDBOX_LOOPBACK_PORTS: String(this.sinkPort),
          SECRETS_GRPC_URL: `127.0.0.1:${this.secretsGrpc}`,
          SECRETS_READER_TOKEN: READER_TOKEN,
          CHAT_API_URL: this.apiUrl,
          BACKOFF_BASE_MS: '100',
          INVOKE_TIMEOUT_MS: '10000',
        },
        'dispatcher consuming',
      ),
      spawnService(main('ingress'), { ...common, WEBHOOK_RESOLVER_TOKEN }, 'ingress listening'),
    ])
    this.procs = [chat, secrets, dispatcher, ingress]
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.chatHttp}`
  }

  /** kill -9 of every service (and, through bubblewrap's die-with-parent, their sandboxes). */
  async killAll(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.kill()))
  }
}

describe('a scheduled message across a crash of every service', () => {
  let chatDb: TestDatabase
  let secretsDb: TestDatabase
  let nats: TestNats
  let services: Services
  let sink: Sink
  let example: BuiltIntegration
  let outDir: string

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'scheduled-delivery-'))
    ;[chatDb, secretsDb, nats, sink, example] = await Promise.all([
      createTestDatabase(),
      createTestDatabase(),
      createTestNats(),
      startSink(),
      buildIntegration(EXAMPLES.webhookIntegration, { outDir }),
    ])
    services = new Services(chatDb, secretsDb, nats, newMasterKey(), Number(new URL(sink.url).port))
    await services.start()
  }, 120_000)
  afterAll(async () => {
    await services?.killAll()
    await sink?.close()
    await nats?.cleanup()
    await chatDb?.drop()
    await secretsDb?.drop()
    await rm(outDir, { recursive: true, force: true })
  })

  it('arrives at the integration after its 3 s, once, though everything was killed and restarted meanwhile', async () => {
    const admin = promiseClient(protos.admin.AdminService, `127.0.0.1:${services.chatGrpc}`, {
      token: ADMIN_TOKEN,
    })
    const secrets = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${services.secretsGrpc}`, {
      token: SECRETS_ADMIN_TOKEN,
    })
    const intg = await admin.PutIntegration({
      name: 'webhook',
      version: '0.1.0',
      definitionJson: JSON.stringify(example.definition),
      bundle: example.bundle,
    })
    const bot = await admin.PutBot({ name: 'scheduling-bot' })
    const inst = await admin.CreateInstallation({
      botId: bot.id,
      integrationId: intg.id,
      alias: 'webhook',
      enabled: false,
    })
    await secrets.PutConfiguration({
      installationId: inst.id,
      configurationJson: JSON.stringify({ url: sink.url }),
      schemaJson: JSON.stringify(example.definition.configuration?.schema ?? {}),
    })
    await admin.UpdateInstallation({ id: inst.id, enabled: true, integrationId: '' })
    const token = (await admin.CreateToken({ kind: 'bot', botId: bot.id, integrationId: '', name: 'test' }))
      .secret
    const integToken = (
      await admin.CreateToken({ kind: 'integration', botId: '', integrationId: intg.id, name: 't' })
    ).secret
    admin.close()
    secrets.close()
    const asIntegration = new Client({
      apiUrl: services.apiUrl,
      botId: bot.id,
      integrationId: intg.id,
      token: integToken,
    } as ConstructorParameters<typeof Client>[0])
    const { conversation } = await asIntegration.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'ext-1' },
    })
    const asBot = new Client({ apiUrl: services.apiUrl, botId: bot.id, token })

    const scheduledAt = Date.now()
    const { message } = await asBot.createMessage({
      conversationId: conversation.id,
      userId: bot.id,
      type: 'text',
      payload: { text: 'scheduled hello' },
      tags: {},
      schedule: { delay: 3000 },
    })
    await services.killAll()
    await services.start()

    const texts = () => sink.received.map((b) => b.text)
    await waitFor(
      'the scheduled message at the integration',
      () => texts().includes('scheduled hello'),
      30_000,
    )
    const arrivedAt = sink.receivedAt[texts().indexOf('scheduled hello')]!
    expect(arrivedAt - scheduledAt).toBeGreaterThanOrEqual(3000)

    // Once: after a marker sent later has arrived, the scheduled message is still there only once.
    const after = new Client({ apiUrl: services.apiUrl, botId: bot.id, token })
    await after.createMessage({
      conversationId: conversation.id,
      userId: bot.id,
      type: 'text',
      payload: { text: 'marker' },
      tags: {},
    })
    await waitFor('the marker at the integration', () => texts().includes('marker'), 30_000)
    expect(texts().filter((t) => t === 'scheduled hello')).toHaveLength(1)
    expect((await after.getMessage({ id: message.id })).message.payload).toEqual({ text: 'scheduled hello' })
  }, 120_000)
})
