import { afterAll, beforeAll, expect, it } from 'vitest'
import { apiError } from '@switchboard/chat-api/testing'
import { installExample, startPlatform, startSink, type Platform, type Sink } from '../testing/platform.js'

/** callAction end to end: bot → chat-api → NATS → dispatcher → the example's `notify` handler in its sandbox. */
let p: Platform
let sink: Sink
let bot: Awaited<ReturnType<typeof installExample>>['bot']

beforeAll(async () => {
  ;[p, sink] = await Promise.all([
    startPlatform(),
    startSink((body) => (body.notification === 'fail' ? 500 : 202)),
  ])
  ;({ bot } = await installExample(p, sink.url, { botName: 'action-bot' }))
}, 60_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
})

it("runs the integration's action and returns its output", async () => {
  const res = await bot.client.callAction({ type: 'webhook:notify', input: { text: 'deploy finished' } })
  expect(res.output).toEqual({ status: 202 })
  expect(sink.received).toContainEqual({ notification: 'deploy finished' })
})

it('refuses an input that does not match the action schema, naming the field, without running it', async () => {
  const before = sink.received.length
  const err = await apiError(() => bot.client.callAction({ type: 'webhook:notify', input: { text: 42 } }))
  expect(err.code).toBe(400)
  expect(err.message).toMatch(/input\.text: must be string/)
  expect(sink.received.length).toBe(before)
})

it("returns the handler's error in the standard envelope", async () => {
  const err = await apiError(() => bot.client.callAction({ type: 'webhook:notify', input: { text: 'fail' } }))
  expect(err.code).toBe(400)
  expect(err.message).toContain('the configured URL refused the notification (500)')
})

it('answers 404 for an unknown action or alias', async () => {
  expect((await apiError(() => bot.client.callAction({ type: 'webhook:nope', input: {} }))).code).toBe(404)
  const err = await apiError(() => bot.client.callAction({ type: 'nothere:notify', input: {} }))
  expect([err.code, err.message]).toEqual([404, expect.stringMatching(/not found/)])
})
