import { afterAll, beforeAll, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

/**
 * A plugin's entities are `<alias>#<name>` (as @botpress/sdk names them): accepted in state names,
 * event types and tag keys, including in query-string tag filters; other punctuation still is not.
 */
let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('plugin-prefix-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
})
afterAll(() => h?.close())

it('states, events and tags named alias#name work, and filter by their prefixed key', async () => {
  const { conversation } = await integ.client.createConversation({ channel: 'channel', tags: { id: 'p' } })
  await bot.client.setState({ type: 'bot', id: bot.id, name: 'hitl#session', payload: { open: true } })
  expect(
    (await bot.client.getState({ type: 'bot', id: bot.id, name: 'hitl#session' })).state.payload,
  ).toEqual({
    open: true,
  })
  const { event } = await bot.client.createEvent({
    type: 'hitl#hitlStarted',
    payload: {},
    conversationId: conversation.id,
  })
  expect((await bot.client.listEvents({ type: 'hitl#hitlStarted' })).events.map((e) => e.id)).toEqual([
    event.id,
  ])
  await bot.client.updateConversation({ id: conversation.id, tags: { 'hitl#downstream': 'conv-9' } })
  const listed = await bot.client.listConversations({ tags: { 'hitl#downstream': 'conv-9' } })
  expect(listed.conversations.map((c) => c.id)).toEqual([conversation.id])
  expect(listed.conversations[0]!.tags).toEqual({ 'webhook:id': 'p', 'hitl#downstream': 'conv-9' })
})

it('other punctuation in a state name is still a 400 naming it', async () => {
  const err = await apiError(() => bot.client.setState({ type: 'bot', id: bot.id, name: 'a b', payload: {} }))
  expect(err.code).toBe(400)
  expect(err.message).toContain('name')
})
