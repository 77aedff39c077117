import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startHarness, type Harness } from '@switchboard/chat-api/testing'
import { buildIntegration, type BuiltIntegration } from '@switchboard/cli'
import { createLogger } from '@switchboard/logging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProcessSandboxDriver } from './driver.js'

const PROBE = fileURLToPath(new URL('../../testdata/files-integration', import.meta.url))

/**
 * A bundle built with @botpress/sdk, in a process sandbox whose only way to chat-api is BP_API_URL,
 * uploads a file with the SDK client's `uploadFile` and downloads it through its URL (issue 14): the
 * upload and download URLs chat-api returns have BP_API_URL's origin.
 */
describe('the Files API from inside a sandbox', () => {
  let outDir: string
  let built: BuiltIntegration
  let h: Harness
  let driver: ProcessSandboxDriver
  let call: (type: string, input: unknown) => Promise<{ status: number; output: Record<string, unknown> }>
  let bot: Awaited<ReturnType<Harness['createBot']>>

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'files-probe-'))
    ;[built, h] = await Promise.all([buildIntegration(PROBE, { outDir }), startHarness()])
    bot = await h.createBot('files-probe-bot')
    const intg = await h.createIntegration('files-probe', built.definition)
    const inst = await h.install(bot, intg, 'probe')
    driver = new ProcessSandboxDriver({ logger: createLogger({ service: 'sandbox-test', level: 'silent' }) })
    call = async (type, input) => {
      const res = await driver.invoke({
        sandbox: {
          key: intg.id,
          bundle: { sha256: built.sha256, load: async () => built.bundle },
          env: { BP_API_URL: h.apiUrl, BP_TOKEN: intg.token },
        },
        headers: {
          'x-bp-operation': 'action_triggered',
          'x-bot-id': bot.id,
          'x-bot-user-id': bot.id,
          'x-integration-id': intg.id,
          'x-integration-alias': inst.alias,
          'x-webhook-id': inst.webhookId,
          'x-bp-configuration': Buffer.from('{}').toString('base64'),
        },
        body: JSON.stringify({ type, input }),
      })
      return {
        status: res.status,
        output: (JSON.parse(res.body || '{}') as { output: Record<string, unknown> }).output,
      }
    }
  }, 120_000)

  afterAll(async () => {
    await driver?.close()
    await h?.close()
    await rm(outDir, { recursive: true, force: true })
  })

  it('uploads with uploadFile and reads the file back through its URL, from the sandbox', async () => {
    const text = 'written from inside the sandbox ✓'
    const stored = await call('store', { key: 'probe/note.txt', text })
    expect(stored.status).toBe(200)
    expect(String(stored.output.url).startsWith(`${h.apiUrl}/v1/files/content/`)).toBe(true)
    const { file } = await bot.client.getFile({ id: String(stored.output.id) })
    expect(file).toMatchObject({
      key: 'probe/note.txt',
      status: 'upload_completed',
      owner: { type: 'integration' },
    })
    const read = await call('readBack', { id: file.id })
    expect(read).toEqual({ status: 200, output: { status: 200, text } })
  })
})
