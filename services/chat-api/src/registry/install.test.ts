import { ConflictError, InvalidInputError, UnavailableError } from '@switchboard/errors'
import { promiseClient, protos, type SecretsClient } from '@switchboard/proto'
import {
  ADMIN_TOKEN as SECRETS_ADMIN_TOKEN,
  READER_TOKEN,
  newMasterKey,
  startHarness as startSecrets,
  type Harness as SecretsHarness,
} from '@switchboard/secrets/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TEST_DEFINITION, type Harness } from '../testing/index.js'

/** ApplyInstallation, the install sequence, against a real secrets service. */
describe('ApplyInstallation', () => {
  let secrets: SecretsHarness
  let chat: Harness
  let reader: SecretsClient
  const definition = {
    ...TEST_DEFINITION,
    configuration: {
      schema: {
        type: 'object',
        properties: { url: { type: 'string', format: 'uri' } },
        required: ['url'],
        additionalProperties: false,
      },
    },
  }

  beforeAll(async () => {
    secrets = await startSecrets(newMasterKey(), { LOG_LEVEL: 'silent' })
    chat = await startHarness({
      SECRETS_GRPC_URL: `127.0.0.1:${secrets.service.grpcPort}`,
      SECRETS_ADMIN_TOKEN,
    })
    reader = promiseClient(protos.secrets.SecretsService, `127.0.0.1:${secrets.service.grpcPort}`, {
      token: READER_TOKEN,
    })
  })
  afterAll(async () => {
    reader?.close()
    await chat?.close()
    await secrets?.close()
  })

  it('creates, configures and enables once; says what changed; refuses an invalid configuration', async () => {
    const bot = await chat.createBot('apply-bot')
    const intg = await chat.createIntegration('hook', definition)
    const apply = (configuration: unknown, enabled = true) =>
      chat.admin.ApplyInstallation({
        botId: bot.id,
        integrationId: intg.id,
        alias: '',
        configurationJson: JSON.stringify(configuration),
        enabled,
      })

    const first = await apply({ url: 'https://example.com/a' })
    expect(first).toMatchObject({ created: true, changes: [] })
    expect(first.installation).toMatchObject({ alias: 'hook', enabled: true })
    expect(first.installation!.registration?.state).toBe('pending') // register was scheduled
    const id = first.installation!.id
    const stored = async () =>
      JSON.parse((await reader.GetConfiguration({ installationId: id })).configurationJson) as unknown
    expect(await stored()).toEqual({ url: 'https://example.com/a' })

    expect(await apply({ url: 'https://example.com/a' })).toMatchObject({ created: false, changes: [] })
    expect(await apply({ url: 'https://example.com/b' }, false)).toMatchObject({
      changes: ['configuration', 'disabled'],
    })
    expect(await stored()).toEqual({ url: 'https://example.com/b' })

    // Validated against the stored definition's schema; the stored configuration stays as it was.
    const err = await apply({ url: 'not a url', extra: 1 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect((err as Error).message).toMatch(/^configuration: is invalid for hook@1\.0\.0: .*url/)
    expect(await stored()).toEqual({ url: 'https://example.com/b' })
    await expect(apply('not an object')).rejects.toThrow(/configurationJson: must be a JSON object/)

    // Being deleted: refused until it is gone.
    await chat.admin.UpdateInstallation({ id, enabled: true, integrationId: '' })
    await chat.admin.ReportRegistration({
      installationId: id,
      operation: 'register',
      ok: true,
      message: '',
      final: true,
    })
    await chat.admin.DeleteInstallation({ id, force: false })
    await expect(apply({ url: 'https://example.com/b' })).rejects.toBeInstanceOf(ConflictError)
  })

  it('is refused with Unavailable by a chat-api without a secrets service', async () => {
    const alone = await startHarness()
    try {
      const bot = await alone.createBot('lonely')
      const intg = await alone.createIntegration('hook', definition)
      await expect(
        alone.admin.ApplyInstallation({
          botId: bot.id,
          integrationId: intg.id,
          alias: '',
          configurationJson: '{"url":"https://example.com"}',
          enabled: true,
        }),
      ).rejects.toBeInstanceOf(UnavailableError)
    } finally {
      await alone.close()
    }
  })
})
