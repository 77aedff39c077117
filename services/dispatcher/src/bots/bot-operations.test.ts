import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apiError } from '@switchboard/chat-api/testing'
import { buildBot, type BuiltBot } from '@switchboard/cli'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  installExample,
  startPlatform,
  startSink,
  type ExampleBot,
  type Platform,
  type Sink,
} from '../testing/platform.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/operations-bot', import.meta.url))

describe('bot operations of the SDK’s bot server, with a bot built by the real SDK', () => {
  let p: Platform
  let sink: Sink
  let bot: ExampleBot
  let conversationId: string
  let outDir: string
  let bundle: Buffer
  let definition: BuiltBot['definition']

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'operations-bot-'))
    const [platform, s, built] = await Promise.all([
      startPlatform(),
      startSink(),
      buildBot(FIXTURE, { implementation: 'index.ts', outDir }),
    ])
    p = platform
    sink = s
    bundle = built.bundle
    definition = built.definition
    const installed = await installExample(p, sink.url, {
      botName: 'operations-bot',
      bot: { bundle: built.bundle },
    })
    bot = installed.bot
    const res = await fetch(`${p.ingressUrl}/${installed.webhookId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'ext-conv', userId: 'ext-user', text: 'hello' }),
    })
    expect(res.status).toBeLessThan(300)
    conversationId = await waitFor('the conversation', async () => {
      const { conversations } = await bot.client.listConversations({})
      return conversations[0]?.id
    })
  }, 120_000)
  afterAll(async () => {
    await p?.close()
    await sink?.close()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  const seen = (name: string) =>
    bot.client
      .getState({ type: 'conversation', id: conversationId, name })
      .then((r) => r.state.payload)
      .catch(() => null)

  it('a state idle past its expiry is gone and the bot’s stateExpired handler receives it', async () => {
    const key = { type: 'conversation' as const, id: conversationId, name: 'session' }
    const set = await bot.client.setState({ ...key, payload: { step: 'one' }, expiry: 600 })
    // Each use restarts the idle timer.
    const read = await bot.client.getState(key)
    expect(Date.parse(read.state.expiresAt!)).toBeGreaterThan(Date.parse(set.state.expiresAt!))

    const report = await waitFor('the bot’s state_expired report', () => seen('expiredSeen'), 20_000)
    expect(report).toEqual({ name: 'session', payload: { step: 'one' } })
    expect((await apiError(() => bot.client.getState(key))).code).toBe(404)
    const { events } = await bot.client.listEvents({ type: 'state_expired' })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ conversationId, payload: { state: { name: 'session' } } })
  })

  it('setStateExpiry changes a state’s expiry; null keeps it', async () => {
    const key = { type: 'conversation' as const, id: conversationId, name: 'kept' }
    await bot.client.setState({ ...key, payload: { v: 1 }, expiry: 100_000 })
    const short = await bot.client.setStateExpiry({ ...key, expiry: 5000 })
    expect(short.state.expiry).toBe(5000)
    const none = await bot.client.setStateExpiry({ ...key, expiry: null })
    expect(none.state.expiresAt).toBeUndefined()
    const bad = await apiError(() => bot.client.setStateExpiry({ ...key, expiry: 0 }))
    expect(bad.code).toBe(400)
    expect(bad.message).toContain('expiry')
    const missing = await apiError(() =>
      bot.client.setStateExpiry({ ...key, name: 'nothing-here', expiry: 10 }),
    )
    expect(missing.code).toBe(404)
  })

  it('a pending workflow reaches the bot’s workflowStart handler, and its timeout the workflowTimeout one', async () => {
    const botState = (name: string) =>
      bot.client
        .getState({ type: 'bot', id: bot.id, name })
        .then((r) => r.state.payload)
        .catch(() => null)
    const timeoutAt = new Date(Date.now() + 1500).toISOString()
    const { workflow } = await bot.client.createWorkflow({
      name: 'onboarding',
      status: 'pending',
      input: {},
      timeoutAt,
    })
    expect(await waitFor('workflowStart', () => botState('workflowStarted'), 20_000)).toEqual({
      id: workflow.id,
    })
    expect(await waitFor('workflowTimeout', () => botState('workflowTimedOut'), 20_000)).toEqual({
      id: workflow.id,
    })
    expect((await bot.client.getWorkflow({ id: workflow.id })).workflow.status).toBe('timedout')
    const { events } = await bot.client.listEvents({ type: 'workflow_update' })
    expect(events.map((e) => (e.payload as { type: string }).type).sort()).toEqual([
      'workflow_started',
      'workflow_timedout',
    ])
  })

  it('the recurring events of the bot’s definition (bot.definition.ts, read by the build) fire on their schedule', async () => {
    expect(definition?.recurringEvents?.everyTwoSeconds?.schedule.cron).toBe('*/2 * * * * *')
    const deployed = await p.chat.admin.GetBot({ id: bot.id, name: '' })
    // What `switchboard apply` sends for a bot project with a definition.
    await p.chat.admin.PutBot({
      name: deployed.name,
      bundle: bundle,
      endpoint: null,
      definitionJson: JSON.stringify(definition),
    })
    const ticks = await waitFor(
      'three ticks',
      async () => {
        const { events } = await bot.client.listEvents({ type: 'tick' })
        return events.length >= 3 ? events : null
      },
      20_000,
    )
    const times = ticks.map((e) => Date.parse(e.createdAt)).sort((a, b) => a - b)
    // One firing per 2-second slot, none early: consecutive firings are at least a slot apart.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1500)
    expect(ticks[0]!.payload).toEqual({ n: 1 })
    const seen = await waitFor('the bot’s tick handler', () =>
      bot.client
        .getState({ type: 'bot', id: bot.id, name: 'lastTick' })
        .then((r) => r.state.payload)
        .catch(() => null),
    )
    expect(ticks.map((e) => e.id)).toContain(seen.id)

    // A bad cron expression is a 400 naming the field, and changes nothing.
    const err = await p.chat.admin
      .PutBot({
        name: deployed.name,
        bundle,
        endpoint: null,
        definitionJson: JSON.stringify({
          recurringEvents: { x: { type: 'tick', schedule: { cron: 'every day' } } },
        }),
      })
      .catch((e: Error) => e)
    expect((err as Error).message).toContain('recurringEvents.x.schedule.cron')
    // Removing them from the definition stops them.
    await p.chat.admin.PutBot({ name: deployed.name, bundle, endpoint: null, definitionJson: '{}' })
    const { rows } = await p.chat.api.pool.query(`SELECT count(*)::int AS n FROM recurring_events`)
    expect(rows[0]).toEqual({ n: 0 })
  })

  it('an event the bot creates reaches the bot, and so does one it scheduled, at its time', async () => {
    const { event } = await bot.client.createEvent({
      type: 'reminder',
      payload: { note: 'now' },
      conversationId,
    })
    await waitFor('the bot’s own event', async () => (await seen('eventSeen'))?.id === event.id, 20_000)

    const scheduledAt = Date.now()
    const later = await bot.client.createEvent({
      type: 'reminder',
      payload: { note: 'later' },
      conversationId,
      schedule: { delay: 1000 },
    })
    await waitFor('the scheduled event', async () => (await seen('eventSeen'))?.id === later.event.id, 20_000)
    expect(Date.now() - scheduledAt).toBeGreaterThanOrEqual(1000)
    expect(await seen('eventSeen')).toEqual({ id: later.event.id, note: 'later' })
  })
})
