import type { MessageCreatedNotice } from '@switchboard/nats'
import { streamNotices, waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

// createMessage writes the message, its count, its participant and its notice in one statement,
// where the database sets the timestamps and the sequence number: the notice must carry exactly
// what the API answers.

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('notice-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'), 'hook')
})
afterAll(() => h?.close())

async function noticesOn(stream: string, conversationId: string, n: number): Promise<MessageCreatedNotice[]> {
  let found: MessageCreatedNotice[] = []
  await waitFor(`${n} notices of ${conversationId}`, async () => {
    found = (await streamNotices(h.nats, stream)).flatMap((m) =>
      m.notice.kind === 'message_created' && m.notice.conversation.id === conversationId ? [m.notice] : [],
    )
    return found.length >= n
  })
  return found
}

it("gives the bot each incoming message's notice as the bot reads the message, numbered in order", async () => {
  const { conversation } = await integ.client.getOrCreateConversation({
    channel: 'channel',
    tags: { id: 'n1' },
  })
  const { user } = await integ.client.getOrCreateUser({ tags: { id: 'nu1' }, name: 'Ada' })
  const sent = []
  for (const text of ['one', 'two', 'three']) {
    const { message } = await integ.client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text },
      tags: { id: text },
    })
    sent.push(message)
  }
  const notices = await noticesOn(h.nats.names.streams.bot, conversation.id, 3)
  expect(notices.map((n) => n.seq)).toEqual([1, 2, 3])
  for (const [i, n] of notices.entries()) {
    const { message } = await bot.client.getMessage({ id: sent[i]!.id })
    expect(n.message).toEqual(message)
    expect(n.message.createdAt).toBe(sent[i]!.createdAt)
    expect(n.conversation.messageCount).toBe(i + 1)
    expect(n.user).toEqual((await bot.client.getUser({ id: user.id })).user)
    expect(n.direction).toBe('incoming')
    expect(n.alias).toBe(integ.alias)
  }
  const { participants } = await bot.client.listParticipants({ id: conversation.id })
  expect(participants.map((p) => p.id)).toEqual([user.id])
})

it("gives the integration a bot's answer as the integration reads it, and refuses an author it cannot see", async () => {
  const { conversation } = await integ.client.getOrCreateConversation({
    channel: 'channel',
    tags: { id: 'n2' },
  })
  const { message } = await bot.client.createMessage({
    conversationId: conversation.id,
    userId: bot.id,
    type: 'text',
    payload: { text: 'answer' },
    tags: {},
  })
  const [n] = await noticesOn(h.nats.names.streams.outgoing, conversation.id, 1)
  expect(n!.message).toEqual((await integ.client.getMessage({ id: message.id })).message)
  expect(n!.user).toBeNull()
  expect(n!.direction).toBe('outgoing')

  const err = await apiError(() =>
    integ.client.createMessage({
      conversationId: conversation.id,
      userId: 'user_nobody',
      type: 'text',
      payload: { text: 'x' },
      tags: {},
    }),
  )
  expect(err.code).toBe(404)
  expect(err.message).toContain('User user_nobody')
  // Nothing of the refused message was written: still one message, one notice.
  expect((await bot.client.getConversation({ id: conversation.id })).conversation.messageCount).toBe(1)
})
