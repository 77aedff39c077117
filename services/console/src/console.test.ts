/**
 * The console in a real browser (Debian's chromium through playwright-core) against a real platform:
 * sign in, an installation Ready, a webhook in live traffic and in its conversation, a dead letter
 * replayed from its page and handled, the read-only role refused a replay by the server. Screenshots
 * of the main pages go to services/console/artifacts/screenshots (gitignored).
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ADMIN_TOKEN } from '@switchboard/chat-api/testing'
import { loadConfig } from '@switchboard/config'
import {
  installExample,
  startPlatform,
  startSink,
  type Platform,
  type Sink,
} from '@switchboard/dispatcher/testing'
import { createLogger } from '@switchboard/logging'
import { READER_TOKEN } from '@switchboard/secrets/testing'
import { waitFor } from '@switchboard/testing'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConsole, type Console } from './app.js'
import { consoleEnv } from './config.js'
import { ensureWebApp } from './web-app.js'

const CONSOLE_DIR = fileURLToPath(new URL('..', import.meta.url))
const SHOTS = join(CONSOLE_DIR, 'artifacts', 'screenshots')
const READONLY_TOKEN = 'test-readonly-token-0123456789'

let p: Platform
let sink: Sink
let sinkStatus = 204
let consoleApp: Console
let browser: Browser
let installationId: string
let webhookId: string
let botId: string
/** Every body the console's API answered with, checked for secrets at the end. */
const apiBodies: string[] = []
const pageHtml: string[] = []

/** The chromium on PATH (Debian's `chromium`). */
function chromiumPath(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['chromium', 'chromium-browser'])
      if (existsSync(join(dir, name))) return join(dir, name)
  }
  throw new Error('chromium is not installed (scripts/services.sh installs it)')
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  // .ci/run builds the web app first; a developer's first run builds it here.
  const [platform, s] = await Promise.all([startPlatform(), startSink(() => sinkStatus), ensureWebApp()])
  p = platform
  sink = s
  ;({ installationId, webhookId } = await installExample(p, sink.url, {
    botName: 'echo-bot',
    bot: { bundle: p.echoBot.bundle },
  }))
  botId = (await p.chat.admin.GetInstallation({ id: installationId, botId: '', alias: '', webhookId: '' }))
    .botId
  consoleApp = await startConsole(
    loadConfig(consoleEnv, {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ADMIN_GRPC_URL: `127.0.0.1:${p.chat.api.grpcPort}`,
      ADMIN_TOKEN,
      CONSOLE_READONLY_TOKEN: READONLY_TOKEN,
      NATS_URL: p.chat.nats.url,
      NATS_PREFIX: p.chat.nats.prefix,
      PUBLIC_WEBHOOK_BASE_URL: p.ingressUrl,
      LOG_LEVEL: 'silent',
    }),
    createLogger({ service: 'console-test', level: 'silent' }),
  )
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await consoleApp?.stop()
  await p?.close()
  await sink?.close()
})

const post = (body: unknown) =>
  fetch(`${p.ingressUrl}/${webhookId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function openPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
  page.setDefaultTimeout(30_000)
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/api/') && !res.url().endsWith('/api/live'))
      void res.text().then(
        (t) => apiBodies.push(t),
        () => undefined,
      )
  })
  return page
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(consoleApp.url)
  await page.fill('input[name=token]', token)
  await page.click('button[type=submit]')
  await page.getByTestId('role').waitFor()
}

async function shot(page: Page, name: string): Promise<void> {
  pageHtml.push(await page.content())
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

describe('the console in a browser', () => {
  it('signs in, shows the installation Ready, a webhook live and in its conversation, and replays a dead letter until it is handled', async () => {
    const page = await openPage()
    await page.goto(consoleApp.url)
    await shot(page, '01-sign-in')
    // A wrong token is refused.
    await page.fill('input[name=token]', 'not-the-token-at-all')
    await page.click('button[type=submit]')
    await page.locator('.error').getByText('unknown token').waitFor()
    await signIn(page, ADMIN_TOKEN)
    expect(await page.getByTestId('role').textContent()).toBe('admin')

    // Registration runs after the installation is enabled: refresh until it is Ready.
    const row = page.getByTestId('installation').filter({ hasText: installationId })
    await waitFor(
      'the installation Ready',
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click()
        return (await row.locator('.badge').first().textContent()) === 'Ready'
      },
      20_000,
    )
    expect(await row.textContent()).toContain(`${p.ingressUrl}/${webhookId}`)
    await shot(page, '02-installations')

    // Live traffic: the webhook appears as it is handled.
    await page.goto(`${consoleApp.url}/#/live`)
    await page.getByTestId('live-state').getByText('live').waitFor()
    expect((await post({ conversationId: 'chat-ui', userId: 'ada', text: 'hello console' })).status).toBe(200)
    await page
      .getByTestId('call')
      .filter({ hasText: installationId })
      .filter({ hasText: 'webhook_received' })
      .first()
      .waitFor()
    await waitFor(
      'the echo at the sink',
      () => sink.received.some((r) => r.text === 'echo: hello console'),
      20_000,
    )
    await page.getByTestId('call').filter({ hasText: 'message_created' }).first().waitFor()
    // Each call shows once (the channel's message_created came after it: a marker).
    expect(await page.getByTestId('call').filter({ hasText: 'webhook_received' }).count()).toBe(1)
    await shot(page, '03-live-traffic')

    // The conversation, found by its tag, with both messages, their tags and payloads.
    await page.goto(`${consoleApp.url}/#/conversations`)
    await page.selectOption('select[name=bot]', botId)
    await page.fill('input[name=tag]', 'webhook:id=chat-ui')
    await page.getByRole('button', { name: 'Search' }).click()
    const conv = page.getByTestId('conversation').filter({ hasText: 'webhook:id=chat-ui' })
    await conv.waitFor()
    expect(await page.getByTestId('conversation').count()).toBe(1)
    await conv.click()
    await page.getByTestId('message').filter({ hasText: '"text": "hello console"' }).waitFor()
    await page.getByTestId('message').filter({ hasText: 'echo: hello console' }).waitFor()
    // Each message says who sent it (its user tags are the conversation's user, not shown here).
    expect(await page.getByTestId('messages').textContent()).toMatch(/incoming · text · user_/)
    await shot(page, '04-conversation')

    // The handler log of the installation.
    await page.goto(`${consoleApp.url}/#/installations/${installationId}`)
    await page.getByTestId('call').filter({ hasText: 'webhook_received' }).first().waitFor()
    await shot(page, '05-installation-log')

    // The sandboxes: the integration's and the bot's, running, with their memory.
    await page.goto(`${consoleApp.url}/#/sandboxes`)
    const sandbox = page.getByTestId('sandbox').filter({ hasText: 'webhook@0.1.0' })
    await waitFor(
      'the integration sandbox on its page',
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click()
        return (await sandbox.count()) > 0 && /running/.test((await sandbox.first().textContent()) ?? '')
      },
      30_000,
    )
    expect(await sandbox.first().textContent()).toMatch(/\d+\.\d MiB of \d+ MiB/)
    await shot(page, '06-sandboxes')

    // A dead letter: the channel's URL refuses the echo until it is fixed.
    sinkStatus = 500
    expect((await post({ conversationId: 'chat-dlq', userId: 'ada', text: 'try again later' })).status).toBe(
      200,
    )
    await page.goto(`${consoleApp.url}/#/dead-letters`)
    const letter = page.getByTestId('dead-letter').filter({ hasText: installationId })
    await waitFor(
      'the dead letter on its page',
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click()
        return (await letter.count()) > 0
      },
      30_000,
    )
    await letter.first().click()
    await page.getByText('Original message').waitFor()
    expect(await page.locator('tr.detail').textContent()).toContain('echo: try again later')
    await shot(page, '07-dead-letter')

    sinkStatus = 204
    const before = sink.received.filter((r) => r.text === 'echo: try again later').length
    await letter.first().getByRole('button', { name: 'Replay' }).click()
    await page.getByTestId('replay').filter({ hasText: 'handled' }).waitFor()
    await waitFor(
      'the replayed echo at the sink',
      () => sink.received.filter((r) => r.text === 'echo: try again later').length > before,
    )
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByText('No dead letters.').waitFor()
    await shot(page, '08-replayed')
    // Its own waits allow 30 s each (a sandbox's cold start, the dead letter's retries): the test as a
    // whole gets more than one of them on a loaded machine.
  }, 120_000)

  it('gives the read-only role every page but refuses it a replay, in the server as well as the page', async () => {
    // Another dead letter to (not) replay.
    sinkStatus = 500
    await post({ conversationId: 'chat-ro', userId: 'ada', text: 'read only' })
    const viewer = await openPage()
    await signIn(viewer, READONLY_TOKEN)
    expect(await viewer.getByTestId('role').textContent()).toBe('read-only')
    await viewer.goto(`${consoleApp.url}/#/dead-letters`)
    const letter = viewer.getByTestId('dead-letter').filter({ hasText: installationId })
    await waitFor(
      'the dead letter on its page',
      async () => {
        await viewer.getByRole('button', { name: 'Refresh' }).click()
        return (await letter.count()) > 0
      },
      30_000,
    )
    expect(await letter.first().getByRole('button', { name: 'Replay' }).isDisabled()).toBe(true)
    expect(await viewer.getByRole('button', { name: 'Replay all' }).isDisabled()).toBe(true)
    await shot(viewer, '09-dead-letters-read-only')

    // The server refuses, whatever the page does.
    const refused = await viewer.evaluate(async (token) => {
      const res = await fetch('/api/dead-letters/replay', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ all: true }),
      })
      return { status: res.status, body: (await res.json()) as { message: string } }
    }, READONLY_TOKEN)
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/read-only role may not replay/)
    await viewer.getByRole('button', { name: 'Refresh' }).click()
    expect(await letter.count()).toBe(1)

    const anonymous = await fetch(`${consoleApp.url}/api/installations`)
    expect(anonymous.status).toBe(401)
  })

  it('never shows a token, a secret or a configuration value', () => {
    expect(apiBodies.length).toBeGreaterThan(5)
    for (const text of [...apiBodies, ...pageHtml]) {
      for (const secret of [ADMIN_TOKEN, READONLY_TOKEN, READER_TOKEN, sink.url])
        expect(text).not.toContain(secret)
    }
  })
})
