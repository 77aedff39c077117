import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ADMIN_TOKEN } from '@switchboard/chat-api/testing'
import { promiseClient, protos, type SecretsClient } from '@switchboard/proto'
import { ADMIN_TOKEN as SECRETS_ADMIN_TOKEN, READER_TOKEN } from '@switchboard/secrets/testing'
import { parseAllDocuments } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './chart/helm.js'
import { TYPES, type KubeObject } from './kube/api.js'
import { BUNDLE, definition, settle, startFixture, type Fixture } from './testing/fixture.js'

const run = promisify(execFile)

/**
 * One install path: the same manifest, applied once with the real `switchboard apply` and once
 * through the operator, leaves the same installation at chat-api and the same configuration at the
 * secrets service, because both call the admin API's ApplyInstallation.
 */
describe('switchboard apply and the operator', () => {
  let f: Fixture
  let reader: SecretsClient
  let bundles: Server
  let cwd: string
  let manifest: string

  beforeAll(async () => {
    f = await startFixture()
    reader = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${f.secretsSvc.service.grpcPort}`, {
      token: READER_TOKEN,
    })
    // Bundles by url + sha256: the one bundle source both a cluster and local mode take.
    bundles = createServer((_req, res) => res.writeHead(200).end(BUNDLE))
    await new Promise<void>((r) => bundles.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(bundles.address() as { port: number }).port}/bundle.cjs`
    const sha256 = createHash('sha256').update(BUNDLE).digest('hex')
    cwd = await mkdtemp(join(tmpdir(), 'sb-install-path-'))
    manifest = `
apiVersion: v1
kind: Secret
metadata: { name: hook-config }
stringData: { apiKey: from-the-secret-0123 }
---
apiVersion: switchboard.dev/v1alpha1
kind: Integration
metadata: { name: webhook }
spec:
  definition: ${JSON.stringify(definition())}
  bundle: { url: ${JSON.stringify(url)}, sha256: ${sha256} }
---
apiVersion: switchboard.dev/v1alpha1
kind: Bot
metadata: { name: support-bot }
spec:
  bundle: { url: ${JSON.stringify(url)}, sha256: ${sha256} }
---
apiVersion: switchboard.dev/v1alpha1
kind: Installation
metadata: { name: support-webhook }
spec:
  botRef: { name: support-bot }
  integrationRef: { name: webhook }
  alias: hook
  configuration: { url: 'https://example.com/out' }
  configurationFrom: { name: hook-config }
`
    await writeFile(join(cwd, 'switchboard.yaml'), manifest)
  })

  afterAll(async () => {
    reader?.close()
    await new Promise((r) => bundles?.close(r))
    await f?.close()
    await rm(cwd, { recursive: true, force: true })
  })

  /** The installation as chat-api and secrets hold it, minus what is unique to each install. */
  const stored = async () => {
    const bot = await f.chat.admin.GetBot({ id: '', name: 'support-bot' })
    const inst = await f.chat.admin.GetInstallation({ id: '', webhookId: '', botId: bot.id, alias: 'hook' })
    const { rows } = await f.chat.api.pool.query<{ configuration_digest: string }>(
      'SELECT configuration_digest FROM installations WHERE id = $1',
      [inst.id],
    )
    const configuration = JSON.parse(
      (await reader.GetConfiguration({ installationId: inst.id })).configurationJson,
    ) as unknown
    return {
      id: inst.id,
      same: {
        botId: inst.botId,
        integrationId: inst.integrationId,
        integrationName: inst.integrationName,
        integrationVersion: inst.integrationVersion,
        alias: inst.alias,
        enabled: inst.enabled,
        registration: inst.registration?.state,
        configurationDigest: rows[0]?.configuration_digest,
        configuration,
      },
    }
  }

  it('leave the same stored installation for the same manifest', async () => {
    const cli = await run(
      process.execPath,
      [join(REPO_ROOT, 'packages/cli/bin/switchboard.js'), 'apply', '-f', 'switchboard.yaml'],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: cwd,
          SWITCHBOARD_ADMIN_URL: `127.0.0.1:${f.chat.api.grpcPort}`,
          SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
          SWITCHBOARD_SECRETS_URL: `127.0.0.1:${f.secretsSvc.service.grpcPort}`,
          SWITCHBOARD_SECRETS_TOKEN: SECRETS_ADMIN_TOKEN,
          SWITCHBOARD_WEBHOOK_BASE_URL: 'https://hooks.example.com',
          SWITCHBOARD_API_URL: f.chat.apiUrl,
        },
      },
    )
    expect(cli.stdout).toMatch(/installation\/support-webhook created/)
    const byCli = await stored()
    expect(byCli.same).toMatchObject({
      alias: 'hook',
      enabled: true,
      configuration: { url: 'https://example.com/out', apiKey: 'from-the-secret-0123' },
    })
    expect(byCli.same.configurationDigest).toMatch(/^[0-9a-f]{64}$/)

    // Gone from the platform, then the same documents through the operator.
    await f.chat.admin.DeleteInstallation({ id: byCli.id, force: true })
    await f.secretsSvc.callers.admin.DeleteConfiguration({ installationId: byCli.id })
    for (const doc of parseAllDocuments(manifest)) {
      const o = doc.toJS() as KubeObject & { stringData?: Record<string, string> }
      o.metadata.namespace = 'team-a'
      if (o.stringData) {
        const data = Object.fromEntries(
          Object.entries(o.stringData).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        )
        delete o.stringData
        Object.assign(o, { data })
      }
      await f.kube.create(o)
    }
    await settle(f.integrations, 'team-a/webhook')
    await settle(f.bots, 'team-a/support-bot')
    await settle(f.installations, 'team-a/support-webhook')
    const byOperator = await stored()
    expect(byOperator.id).not.toBe(byCli.id)
    expect(byOperator.same).toEqual(byCli.same)
    const inst = await f.kube.get({ ...TYPES.Installation, namespace: 'team-a', name: 'support-webhook' })
    expect((inst?.status as { installationId?: string }).installationId).toBe(byOperator.id)
  }, 120_000) // the CLI runs through tsx: seconds on an idle machine, far more on a loaded one
})
