import { NotFoundError } from '@switchboard/errors'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startPlatform, startSink, type Platform, type Sink } from './testing/platform.js'

/**
 * Installation lifecycle through the real dispatcher and a sandboxed bundle: register on install (with
 * the webhook URL), a failed register visible in the status and retried, unregister on delete.
 */
let p: Platform
let sink: Sink

// A small integration: register/unregister report to the configured sink; `fail` makes register fail.
const BUNDLE = Buffer.from(`
exports.default = {
  start() {},
  async handler(req) {
    const op = req.headers['x-bp-operation']
    const config = JSON.parse(Buffer.from(req.headers['x-bp-configuration'], 'base64').toString())
    if (op === 'register' && config.fail) return { status: 500, body: JSON.stringify({ message: 'cannot reach the chat service' }) }
    if (op === 'register' || op === 'unregister') {
      await fetch(config.sink, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op, ...JSON.parse(req.body) }) })
    }
    return { status: 200, body: '{}' }
  },
}`)

beforeAll(async () => {
  ;[p, sink] = await Promise.all([startPlatform({ BACKOFF_BASE_MS: '200', MAX_ATTEMPTS: '10' }), startSink()])
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
})

async function install(botName: string, configuration: object) {
  const { admin } = p.chat
  const bot = await p.chat.createBot(botName)
  const intg = await admin.PutIntegration({
    name: 'lifecycle',
    version: '1.0.0',
    definitionJson: '{}',
    bundle: BUNDLE,
  })
  // Create disabled, store the configuration, then enable: register runs with its configuration.
  const inst = await admin.CreateInstallation({
    botId: bot.id,
    integrationId: intg.id,
    alias: '',
    enabled: false,
  })
  await p.secrets.callers.admin.PutConfiguration({
    installationId: inst.id,
    configurationJson: JSON.stringify(configuration),
    schemaJson: '{}',
  })
  await admin.UpdateInstallation({ id: inst.id, enabled: true, integrationId: '' })
  return inst
}

it('runs register with the webhook URL on install, and unregister on delete, then the installation is gone', async () => {
  const inst = await install('life-ok', { sink: sink.url })
  const registered = await waitFor('register at the sink', () =>
    sink.received.find((r) => r.op === 'register'),
  )
  expect(registered.webhookUrl).toBe(`${p.ingressUrl}/${inst.webhookId}`)
  const status = await waitFor('registered status', async () => {
    const i = await p.chat.admin.GetInstallation({ id: inst.id })
    return i.registration?.state === 'registered' ? i.registration : null
  })
  expect(status).toMatchObject({ state: 'registered', message: '' })

  await p.chat.admin.DeleteInstallation({ id: inst.id, force: false })
  // Disabled at once: its webhook is gone.
  await waitFor(
    'webhook 404',
    async () =>
      (await fetch(`${p.ingressUrl}/${inst.webhookId}`, { method: 'POST', body: '{}' })).status === 404,
  )
  await waitFor('unregister at the sink', () => sink.received.find((r) => r.op === 'unregister'))
  await waitFor('the installation deleted', async () => {
    try {
      await p.chat.admin.GetInstallation({ id: inst.id })
      return false
    } catch (err) {
      return err instanceof NotFoundError
    }
  })
})

it('shows a failed register in the status with the error, retries it, and registers once the cause is fixed', async () => {
  const inst = await install('life-fail', { sink: sink.url, fail: true })
  const failed = await waitFor('failed status', async () => {
    const i = await p.chat.admin.GetInstallation({ id: inst.id })
    return i.registration?.state === 'failed' && i.registration.attempts >= 2 ? i.registration : null
  })
  expect(failed.message).toContain('cannot reach the chat service')
  // The operator fixes the configuration; the next retry picks it up.
  await p.secrets.callers.admin.PutConfiguration({
    installationId: inst.id,
    configurationJson: JSON.stringify({ sink: sink.url }),
    schemaJson: '{}',
  })
  const ok = await waitFor(
    'registered after the fix',
    async () => {
      const i = await p.chat.admin.GetInstallation({ id: inst.id })
      return i.registration?.state === 'registered' ? i.registration : null
    },
    15_000,
  )
  expect(ok.attempts).toBeGreaterThanOrEqual(3)
})
