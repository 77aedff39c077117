import { ForbiddenError, InvalidInputError, NotFoundError, UnauthorizedError } from '@switchboard/errors'
import { promiseClient, protos, type AdminClient } from '@switchboard/proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DISPATCHER_TOKEN,
  startHarness,
  TEST_DEFINITION,
  WEBHOOK_RESOLVER_TOKEN,
  type Harness,
} from '../testing/harness.js'
import { ADMIN_RPCS } from './admin-identities.js'

let h: Harness
let ingress: AdminClient
let dispatcher: AdminClient
let installation: Awaited<ReturnType<Harness['install']>>
let integrationId: string
let botId: string

/** Every RPC AdminService serves, from its loaded definition. */
const ALL_RPCS = Object.keys(protos.admin.AdminService.service)

const client = (token: string) =>
  promiseClient(protos.admin.AdminService, `127.0.0.1:${h.api.grpcPort}`, { token })

/** Calls `rpc` with an empty request through `c`; returns what it was rejected with (or 'ok'). */
async function outcome(c: AdminClient, rpc: string): Promise<unknown> {
  const call = (c as unknown as Record<string, (req: object) => Promise<unknown>>)[rpc]!
  return call({}).then(
    () => 'ok',
    (err: unknown) => err,
  )
}

async function counts() {
  const { rows } = await h.api.pool.query<{ bots: number; installations: number; tokens: number }>(
    `SELECT (SELECT count(*)::int FROM bots) AS bots, (SELECT count(*)::int FROM installations) AS installations,
            (SELECT count(*)::int FROM tokens) AS tokens`,
  )
  return rows[0]
}

beforeAll(async () => {
  h = await startHarness()
  ingress = client(WEBHOOK_RESOLVER_TOKEN)
  dispatcher = client(DISPATCHER_TOKEN)
  const bot = await h.createBot('identities-bot')
  botId = bot.id
  const intg = await h.createIntegration('identities')
  integrationId = intg.id
  await h.admin.PutIntegration({
    name: 'identities',
    version: '1.0.0',
    definitionJson: JSON.stringify(TEST_DEFINITION),
    webhook: { idempotencyKey: 'header:X-Delivery', syncTimeoutMs: 1200 },
  })
  installation = await h.install(bot, intg)
})
afterAll(async () => {
  ingress.close()
  dispatcher.close()
  await h.close()
})

describe("ingress's webhook-resolver identity", () => {
  it('resolves a webhook ID to its installation and webhook settings', async () => {
    const r = await ingress.ResolveWebhook({ webhookId: installation.webhookId })
    expect(r).toEqual({
      installationId: installation.id,
      botId,
      integrationId,
      enabled: true,
      webhook: { idempotencyKey: 'header:X-Delivery', syncTimeoutMs: 1200 },
    })
    await expect(ingress.ResolveWebhook({ webhookId: 'wh_unknown' })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('is refused every other admin RPC with PERMISSION_DENIED, and writes nothing', async () => {
    const before = await counts()
    const others = ALL_RPCS.filter((rpc) => rpc !== 'ResolveWebhook')
    expect(others.length).toBeGreaterThan(15)
    for (const rpc of others) {
      const err = await outcome(ingress, rpc)
      expect(err, rpc).toBeInstanceOf(ForbiddenError)
      expect((err as Error).message).toContain(`webhook-resolver identity may not call ${rpc}`)
    }
    await expect(
      ingress.CreateInstallation({ botId, integrationId, alias: 'sneaky', enabled: true }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(ingress.DeleteInstallation({ id: installation.id, force: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    expect(await counts()).toEqual(before)
    expect((await h.admin.GetInstallation({ id: installation.id })).enabled).toBe(true)
  })
})

describe("the dispatcher's identity", () => {
  it('reads what a delivery needs', async () => {
    const inst = await dispatcher.GetInstallation({ id: installation.id })
    expect(inst.webhookId).toBe(installation.webhookId)
    expect((await dispatcher.GetIntegration({ id: integrationId })).name).toBe('identities')
    expect((await dispatcher.GetBot({ id: botId })).id).toBe(botId)
  })

  it('cannot create, change or delete installations, bots, integrations or lasting tokens', async () => {
    const before = await counts()
    await expect(
      dispatcher.CreateInstallation({ botId, integrationId, alias: 'second', enabled: true }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(dispatcher.DeleteInstallation({ id: installation.id, force: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await expect(
      dispatcher.UpdateInstallation({ id: installation.id, enabled: false }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    for (const rpc of ALL_RPCS.filter((r) => !ADMIN_RPCS.dispatcher.has(r as never))) {
      expect(await outcome(dispatcher, rpc), rpc).toBeInstanceOf(ForbiddenError)
    }
    // Tokens: only ones that expire, and it may not revoke an operator's lasting token.
    await expect(dispatcher.CreateToken({ kind: 'bot', botId, name: 'forever' })).rejects.toBeInstanceOf(
      InvalidInputError,
    )
    const lasting = await h.admin.CreateToken({ kind: 'bot', botId, name: 'operator' })
    await expect(dispatcher.RevokeToken({ id: lasting.id })).rejects.toBeInstanceOf(NotFoundError)
    expect(await counts()).toEqual({ ...before, tokens: before!.tokens + 1 })
    expect((await h.admin.GetInstallation({ id: installation.id })).enabled).toBe(true)
  })

  it('mints, renews and revokes expiring sandbox tokens', async () => {
    const t = await dispatcher.CreateToken({
      kind: 'integration',
      integrationId,
      name: 'sandbox',
      ttlMs: 60_000,
    })
    expect(Date.parse(t.expiresAt)).toBeGreaterThan(Date.now() + 50_000)
    const renewed = await dispatcher.RenewToken({ id: t.id, ttlMs: 120_000 })
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(t.expiresAt))
    await dispatcher.RevokeToken({ id: t.id })
    await expect(dispatcher.RenewToken({ id: t.id, ttlMs: 60_000 })).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('a token that is no identity', () => {
  it('is UNAUTHENTICATED on every RPC, the allowed ones included', async () => {
    const bad = client('test-not-a-known-token-000000')
    for (const rpc of ['ResolveWebhook', 'GetInstallation', 'CreateInstallation', 'ListBots']) {
      expect(await outcome(bad, rpc), rpc).toBeInstanceOf(UnauthorizedError)
    }
    bad.close()
  })
})
