import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_TOKEN,
  DISPATCHER_TOKEN,
  startHarness,
  type Harness as ChatHarness,
} from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import { dispatcherEnv, startDispatcher, type Dispatcher } from '@switchboard/dispatcher'
import { secretsEnvFor } from '@switchboard/dispatcher/testing'
import { createLogger } from '@switchboard/logging'
import {
  ADMIN_TOKEN as SECRETS_ADMIN_TOKEN,
  READER_TOKEN,
  newMasterKey,
  startHarness as startSecrets,
  type Harness as SecretsHarness,
} from '@switchboard/secrets/testing'
import { waitFor } from '@switchboard/testing'
import { EXAMPLES } from '../examples.js'
import { cli } from '../testing/run-cli.js'

// The real platform minus ingress: chat-api and secrets on their own database, and a dispatcher that
// runs the integration's `register` and `unregister` in a process sandbox.
let chat: ChatHarness
let secrets: SecretsHarness
let dispatcher: Dispatcher
let cwd: string
let env: Record<string, string>
const WEBHOOK_BASE = 'http://hooks.example.test'

beforeAll(async () => {
  ;[secrets, cwd] = await Promise.all([
    startSecrets(newMasterKey(), { LOG_LEVEL: 'silent' }),
    mkdtemp(join(tmpdir(), 'sb-apply-')),
  ])
  chat = await startHarness(secretsEnvFor(secrets))
  dispatcher = await startDispatcher(
    loadConfig(dispatcherEnv, {
      DISPATCHER_TOKEN,
      ADMIN_GRPC_URL: `127.0.0.1:${chat.api.grpcPort}`,
      NATS_URL: chat.nats.url,
      NATS_PREFIX: chat.nats.prefix,
      SECRETS_GRPC_URL: `127.0.0.1:${secrets.service.grpcPort}`,
      SECRETS_READER_TOKEN: READER_TOKEN,
      CHAT_API_URL: chat.apiUrl,
      PUBLIC_WEBHOOK_BASE_URL: WEBHOOK_BASE,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    }),
    createLogger({ service: 'dispatcher', level: 'silent' }),
  )
  env = {
    SWITCHBOARD_ADMIN_URL: `127.0.0.1:${chat.api.grpcPort}`,
    SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
    SWITCHBOARD_SECRETS_URL: `127.0.0.1:${secrets.service.grpcPort}`,
    SWITCHBOARD_SECRETS_TOKEN: SECRETS_ADMIN_TOKEN,
    NATS_URL: chat.nats.url,
    NATS_PREFIX: chat.nats.prefix,
    SWITCHBOARD_WEBHOOK_BASE_URL: WEBHOOK_BASE,
    SWITCHBOARD_API_URL: chat.apiUrl,
  }
})

afterAll(async () => {
  await dispatcher?.stop()
  await Promise.all([chat?.close(), secrets?.close()])
  await rm(cwd, { recursive: true, force: true })
})

const run = (...argv: string[]) => cli(argv, { env, cwd })

interface ListOut {
  kind: string
  items: Array<{
    metadata: { name: string }
    spec: Record<string, unknown>
    status: Record<string, unknown> & { conditions: Array<{ type: string; status: string; reason: string }> }
  }>
}

/** examples/switchboard.yaml with `bundle.path`s made absolute and the sink URL replaced, in the test folder. */
async function exampleCopy(name: string, sinkUrl: string): Promise<string> {
  const text = (await readFile(EXAMPLES.manifests, 'utf8'))
    .replace('path: webhook-integration', `path: ${EXAMPLES.webhookIntegration}`)
    .replace('path: echo-bot', `path: ${EXAMPLES.echoBot}`)
    .replace('http://127.0.0.1:8099/outgoing', sinkUrl)
  const file = join(cwd, name)
  await writeFile(file, text)
  return file
}

describe('switchboard apply, get, describe and delete', () => {
  it('installs the example manifests through the install sequence, and get/describe show it registered', async () => {
    const applied = await run('apply', '-f', EXAMPLES.manifests)
    expect(applied.err).toBe('')
    expect(applied.code).toBe(0)
    const lines = applied.out.split('\n')
    expect(lines[0]).toBe('integration/webhook created')
    expect(lines[1]).toBe('bot/echo-bot created')
    expect(lines[2]).toMatch(new RegExp(`^installation/echo-webhook created: ${WEBHOOK_BASE}/wh_\\S+$`))

    // The configuration went to the secrets service (the dispatcher's identity can read it back).
    const inst = (await chat.admin.ListInstallations({ botId: '', integrationId: '' })).installations[0]!
    const stored = await secrets.callers.reader.GetConfiguration({ installationId: inst.id })
    expect(JSON.parse(stored.configurationJson)).toEqual({ url: 'http://127.0.0.1:8099/outgoing' })

    // Enabled after the configuration was stored, `register` ran in the sandbox.
    let list: ListOut | undefined
    await waitFor(
      'register to run',
      async () => {
        list = JSON.parse((await run('get', 'installations', '-o', 'json')).out) as ListOut
        return (list.items[0]?.status.registration as { state?: string } | undefined)?.state === 'registered'
      },
      20_000,
    )
    const item = list!.items[0]!
    expect(list!.kind).toBe('List')
    expect(item.metadata.name).toBe('echo-webhook')
    expect(item.spec).toMatchObject({
      botRef: { name: 'echo-bot' },
      integrationRef: { name: 'webhook' },
      alias: 'webhook',
    })
    expect(item.status.webhookUrl).toBe(`${WEBHOOK_BASE}/${inst.webhookId}`)
    expect(item.status.conditions.map((c) => [c.type, c.status])).toEqual([
      ['Configured', 'True'],
      ['Registered', 'True'],
      ['Ready', 'True'],
    ])

    const table = await run('get', 'installations')
    expect(table.out.split('\n')[0]).toMatch(
      /^NAME\s+BOT\s+INTEGRATION\s+ENABLED\s+REGISTERED\s+READY\s+WEBHOOK URL$/,
    )
    expect(table.out).toMatch(
      new RegExp(
        `echo-webhook\\s+echo-bot\\s+webhook@0.1.0\\s+true\\s+registered\\s+True\\s+${WEBHOOK_BASE}/${inst.webhookId}`,
      ),
    )

    const described = await run('describe', 'installation', 'echo-webhook')
    expect(described.out).toContain(`Webhook URL:   ${WEBHOOK_BASE}/${inst.webhookId}`)
    expect(described.out).toContain('Registration:  registered')
    expect(described.out).toContain('Config type:   default')
    expect(described.out).toMatch(/Registered\s+True\s+Registered/)
    // The same installation by <bot>/<alias>.
    expect((await run('describe', 'inst', 'echo-bot/webhook')).out).toContain(`ID:            ${inst.id}`)

    const intg = await run('describe', 'integration', 'webhook', '-o', 'json')
    const view = JSON.parse(intg.out) as ListOut['items'][number]
    expect((view.spec.definition as { name: string; actions: object }).name).toBe('webhook')
    expect(view.status.installations).toBe(1)
    const bots = await run('get', 'bots')
    expect(bots.out).toMatch(/echo-bot\s+bot_\S+\s+bundle [0-9a-f]{12}\s+1\s/)
  })

  it('is idempotent, and says what changed when something did', async () => {
    const again = await run('apply', '-f', EXAMPLES.manifests)
    expect(again.out.split('\n').map((l) => l.replace(/: http.*$/, ''))).toEqual([
      'integration/webhook unchanged',
      'bot/echo-bot unchanged',
      'installation/echo-webhook unchanged',
    ])
    expect((await chat.admin.ListIntegrations({})).integrations).toHaveLength(1)

    const changed = await exampleCopy('changed.yaml', 'http://127.0.0.1:9/elsewhere')
    const r = await run('apply', '-f', changed)
    expect(r.out).toContain('installation/echo-webhook configured (configuration)')
    expect(r.out).toContain('integration/webhook unchanged')
    const inst = (await chat.admin.ListInstallations({ botId: '', integrationId: '' })).installations[0]!
    const stored = await secrets.callers.reader.GetConfiguration({ installationId: inst.id })
    expect(JSON.parse(stored.configurationJson)).toEqual({ url: 'http://127.0.0.1:9/elsewhere' })
  })

  it('reports a configuration the definition refuses at its line, and a reference to nothing', async () => {
    const file = join(cwd, 'refused.yaml')
    await writeFile(
      file,
      [
        'apiVersion: switchboard.dev/v1alpha1',
        'kind: Installation',
        'metadata: { name: second }',
        'spec:',
        '  botRef: { name: echo-bot }',
        '  integrationRef: { name: webhook }',
        '  alias: second',
        '  configuration:',
        '    url: 42',
        '---',
        'apiVersion: switchboard.dev/v1alpha1',
        'kind: Installation',
        'metadata: { name: third }',
        'spec:',
        '  botRef: { name: no-such-bot }',
        '  integrationRef: { name: webhook }',
        '---',
        'apiVersion: switchboard.dev/v1alpha1',
        'kind: Installation',
        'metadata: { name: fourth }',
        'spec:',
        '  botRef: { name: echo-bot }',
        '  integrationRef: { name: webhook }',
        '  alias: fourth',
        '  configurationType: oauth',
        '',
      ].join('\n'),
    )
    const r = await run('apply', '-f', file)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      /^refused\.yaml:8: Installation second: spec\.configuration: is invalid for webhook@0\.1\.0: .*url/m,
    )
    expect(r.err).toContain(
      'refused.yaml:15: Installation third: spec.botRef.name: no Bot no-such-bot in these files or on the platform',
    )
    expect(r.err).toMatch(
      /^refused\.yaml:\d+: Installation fourth: spec\.configurationType: configurationType "oauth" is not a configuration of this integration/m,
    )
  })

  it('deletes what the manifests describe, running unregister first', async () => {
    const r = await run('delete', '-f', EXAMPLES.manifests)
    expect(r.err).toBe('')
    expect(r.out.split('\n')).toEqual([
      'installation/echo-webhook deleted',
      'bot/echo-bot deleted',
      'integration/webhook deleted (webhook@0.1.0)',
    ])
    const empty = await run('get', 'installations')
    expect(empty.out).toContain('No installations yet')
    expect((await run('delete', '-f', EXAMPLES.manifests)).out).toContain(
      'installation/echo-webhook not found',
    )
  })

  it('stores integration secrets and an endpoint bot’s signing secret from Secrets in the same files', async () => {
    const file = join(cwd, 'secrets.yaml')
    await writeFile(join(cwd, 'hook.env'), 'API_KEY=from-env-file\n')
    await writeFile(
      file,
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: hook-secrets',
        '  annotations: { switchboard.dev/env-file: hook.env }',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: signing }',
        'stringData: { secret: endpoint-signing-secret-0123456789 }',
        '---',
        'apiVersion: switchboard.dev/v1alpha1',
        'kind: Integration',
        'metadata: { name: hook }',
        'spec:',
        `  bundle: { path: ${EXAMPLES.webhookIntegration} }`,
        '  secretsFrom: { name: hook-secrets }',
        '---',
        'apiVersion: switchboard.dev/v1alpha1',
        'kind: Bot',
        'metadata: { name: outside }',
        'spec:',
        '  endpoint:',
        '    url: http://127.0.0.1:9/bot',
        '    signingSecretRef: { name: signing, key: secret }',
        '',
      ].join('\n'),
    )
    const r = await run('apply', '-f', file)
    expect(r.err).toBe('')
    expect(r.out.split('\n')).toEqual(['integration/hook created', 'bot/outside created'])
    const intg = await chat.admin.GetIntegration({ id: '', name: 'webhook', version: '0.1.0' })
    const bot = await chat.admin.GetBot({ id: '', name: 'outside' })
    expect(bot.endpoint?.url).toBe('http://127.0.0.1:9/bot')
    const read = (id: string) => secrets.callers.reader.GetIntegrationSecrets({ integrationId: id })
    expect((await read(intg.id)).secrets).toEqual({ API_KEY: 'from-env-file' })
    expect((await read(bot.id)).secrets).toEqual({ SIGNING_SECRET: 'endpoint-signing-secret-0123456789' })
    expect((await run('apply', '-f', file)).out).toBe('integration/hook unchanged\nbot/outside unchanged')

    // An endpoint without its signing secret is refused, at its line, before anything is applied.
    const unsigned = join(cwd, 'unsigned.yaml')
    await writeFile(
      unsigned,
      'apiVersion: switchboard.dev/v1alpha1\nkind: Bot\nmetadata: { name: unsigned }\nspec:\n  endpoint:\n    url: http://127.0.0.1:9/\n',
    )
    const refused = await run('apply', '-f', unsigned)
    expect(refused.err).toContain(
      'unsigned.yaml:5: Bot unsigned: spec.endpoint.signingSecretRef: is required',
    )
    expect(await chat.admin.GetBot({ id: '', name: 'unsigned' }).catch((e: Error) => e.name)).toBe(
      'NotFoundError',
    )
  })
})
