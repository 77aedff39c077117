import { newMasterKey, startHarness, type Harness } from '@switchboard/secrets/testing'
import { isRetryable } from '@switchboard/errors'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ConfigurationSource } from './configuration.js'

/**
 * Configuration held in the dispatcher's memory (ADR 0011), against a real secrets service: one
 * audited read per subject and window, and a forgotten subject is read afresh.
 */
let s: Harness
beforeAll(async () => {
  s = await startHarness(newMasterKey(), { LOG_LEVEL: 'silent' })
})
afterAll(() => s?.close())

const put = (installationId: string, url: string) =>
  s.callers.admin.PutConfiguration({
    installationId,
    configurationJson: JSON.stringify({ url }),
    schemaJson: '{}',
  })
const reads = async (subjectId: string) =>
  (await s.callers.admin.ListAudit({ subjectId, limit: 100 })).entries.filter(
    (e) => e.action === 'GetConfiguration' && e.caller === 'reader' && e.outcome === 'ok',
  ).length

it('reads a subject once per window, and afresh once forgotten', async () => {
  await put('inst_held', 'https://a.example')
  const source = new ConfigurationSource(s.callers.reader, 60_000)
  const first = await Promise.all([1, 2, 3].map(() => source.configuration('inst_held')))
  expect(first).toEqual([1, 2, 3].map(() => ({ url: 'https://a.example' })))
  expect(await source.configuration('inst_held')).toEqual({ url: 'https://a.example' })
  expect(await reads('inst_held')).toBe(1)

  await put('inst_held', 'https://b.example')
  // Within the window, nothing announced the change: the held value is used.
  expect(await source.configuration('inst_held')).toEqual({ url: 'https://a.example' })
  source.forget('inst_held')
  expect(await source.configuration('inst_held')).toEqual({ url: 'https://b.example' })
  expect(await reads('inst_held')).toBe(2)
})

it('with a window of 0, reads for every call', async () => {
  await put('inst_each', 'https://a.example')
  const source = new ConfigurationSource(s.callers.reader, 0)
  await source.configuration('inst_each')
  await source.configuration('inst_each')
  expect(await reads('inst_each')).toBe(2)
})

it("an endpoint bot's missing signing secret is retryable and not held: stored a moment later, it is read", async () => {
  const source = new ConfigurationSource(s.callers.reader, 60_000)
  const err = await source.botSigningSecret('bot_early').catch((e: unknown) => e)
  expect(isRetryable(err)).toBe(true)
  expect((err as Error).message).toContain('no SIGNING_SECRET')
  await s.callers.admin.PutIntegrationSecrets({
    integrationId: 'bot_early',
    secrets: { SIGNING_SECRET: 'sh' },
  })
  expect(await source.botSigningSecret('bot_early')).toBe('sh')
})
