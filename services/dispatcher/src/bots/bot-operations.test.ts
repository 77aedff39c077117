import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apiError } from '@switchboard/chat-api/testing'
import { buildBot } from '@switchboard/cli'
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

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'operations-bot-'))
    const [platform, s, built] = await Promise.all([
      startPlatform(),
      startSink(),
      buildBot(FIXTURE, { implementation: 'index.ts', outDir }),
    ])
    p = platform
    sink = s
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
