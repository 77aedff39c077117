import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let bot: Awaited<ReturnType<Harness['createBot']>>
let integ: Awaited<ReturnType<Harness['install']>>

beforeAll(async () => {
  h = await startHarness()
  bot = await h.createBot('echo-bot')
  const intg = await h.createIntegration('webhook')
  integ = await h.install(bot, intg, 'hook')
})
afterAll(() => h.close())

describe('conversations through @botpress/client', () => {
  it('get-or-create makes one conversation per tag set and says whether it created it', async () => {
    const a = await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'ext-1' } })
    expect(a.meta.created).toBe(true)
    expect(a.conversation).toMatchObject({
      channel: 'channel',
      integration: 'webhook',
      tags: { id: 'ext-1' },
      messageCount: 0,
    })
    const b = await integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'ext-1' } })
    expect(b.meta.created).toBe(false)
    expect(b.conversation.id).toBe(a.conversation.id)
  })

  it('stores integration tags under the alias: the bot sees hook:id, the integration sees id', async () => {
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'ext-2' },
    })
    const asBot = await bot.client.getConversation({ id: conversation.id })
    expect(asBot.conversation.tags).toEqual({ 'hook:id': 'ext-2' })
    const asIntegration = await integ.client.getConversation({ id: conversation.id })
    expect(asIntegration.conversation.tags).toEqual({ id: 'ext-2' })
  })

  it('matches on discriminateByTags only when given', async () => {
    const first = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'd-1', topic: 'a' },
    })
    const same = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'd-1', topic: 'b' },
      discriminateByTags: ['id'],
    })
    expect(same.meta.created).toBe(false)
    expect(same.conversation.id).toBe(first.conversation.id)
    const other = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'd-1', topic: 'b' },
    })
    expect(other.meta.created).toBe(true)
  })

  it('creates (201), updates tags with removal, lists by dotted tag filter, deletes', async () => {
    const { conversation } = await integ.client.createConversation({
      channel: 'channel',
      tags: { id: 'c-1', keep: 'x', drop: 'y' },
    })
    const updated = await integ.client.updateConversation({
      id: conversation.id,
      tags: { drop: null, keep: 'z' },
    })
    expect(updated.conversation.tags).toEqual({ id: 'c-1', keep: 'z' })
    const listed = await bot.client.listConversations({ tags: { 'hook:id': 'c-1' } })
    expect(listed.conversations.map((c) => c.id)).toEqual([conversation.id])
    await integ.client.deleteConversation({ id: conversation.id })
    const err = await apiError(() => integ.client.getConversation({ id: conversation.id }))
    expect(err.code).toBe(404)
    expect(err.type).toBe('ResourceNotFound')
    expect(err.message).toMatch(/not found/)
  })

  it('rejects a channel the integration does not define', async () => {
    const err = await apiError(() => integ.client.createConversation({ channel: 'nope', tags: {} }))
    expect(err.code).toBe(400)
    expect(err.message).toMatch(/channel: nope is not a channel of integration webhook/)
  })

  it('pages through conversations with nextToken, without gaps or repeats', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 7; i++) {
      ids.add(
        (await integ.client.createConversation({ channel: 'channel', tags: { id: `page-${i}`, batch: 'p' } }))
          .conversation.id,
      )
    }
    const seen: string[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const r = await integ.client.listConversations({ tags: { batch: 'p' }, pageSize: 3, nextToken })
      expect(r.conversations.length).toBeLessThanOrEqual(3)
      seen.push(...r.conversations.map((c) => c.id))
      nextToken = r.meta.nextToken
      pages++
    } while (nextToken)
    expect(pages).toBe(3)
    expect(new Set(seen)).toEqual(ids)
    expect(seen).toHaveLength(7)
    // The client's own iterator follows nextToken the same way.
    const all = await integ.client.list
      .conversations({ tags: { batch: 'p' }, pageSize: 2 } as never)
      .collect()
    expect(all).toHaveLength(7)
  })

  it('a bot creates a conversation on an installed integration by alias, and lists by participant', async () => {
    const { conversation } = await bot.client.createConversation({
      channel: 'channel',
      tags: { topic: 'x' },
      integrationName: 'hook',
    })
    expect(conversation.integration).toBe('webhook')
    const { user } = await bot.client.createUser({ tags: { role: 'member' } })
    await bot.client.addParticipant({ id: conversation.id, userId: user.id })
    const r = await bot.client.listConversations({ participantIds: [user.id] })
    expect(r.conversations.map((c) => c.id)).toEqual([conversation.id])
    const err = await apiError(() =>
      bot.client.createConversation({ channel: 'channel', tags: {}, integrationName: 'missing' }),
    )
    expect(err.code).toBe(400)
  })
})

describe('users and participants', () => {
  it('get-or-create, get, update, list by tag, delete', async () => {
    const a = await integ.client.getOrCreateUser({ tags: { id: 'u-1' }, name: 'Ada' })
    expect(a.meta.created).toBe(true)
    expect(a.user).toMatchObject({ tags: { id: 'u-1' }, name: 'Ada' })
    const b = await integ.client.getOrCreateUser({ tags: { id: 'u-1' } })
    expect(b.user.id).toBe(a.user.id)
    const asBot = await bot.client.getUser({ id: a.user.id })
    expect(asBot.user.tags).toEqual({ 'hook:id': 'u-1' })
    const updated = await integ.client.updateUser({ id: a.user.id, name: 'Ada L.', tags: { extra: 'e' } })
    expect(updated.user).toMatchObject({ name: 'Ada L.', tags: { id: 'u-1', extra: 'e' } })
    const listed = await bot.client.listUsers({ tags: { 'hook:id': 'u-1' } })
    expect(listed.users.map((u) => u.id)).toEqual([a.user.id])
    const created = await integ.client.createUser({ tags: { id: 'u-2' } })
    await integ.client.deleteUser({ id: created.user.id })
    expect((await apiError(() => integ.client.getUser({ id: created.user.id }))).code).toBe(404)
  })

  it('adds, gets, lists and removes participants', async () => {
    const { conversation } = await integ.client.createConversation({
      channel: 'channel',
      tags: { id: 'part' },
    })
    const { user } = await integ.client.createUser({ tags: { id: 'p-1' } })
    const added = await integ.client.addParticipant({ id: conversation.id, userId: user.id })
    expect(added.participant.id).toBe(user.id)
    expect((await integ.client.getParticipant({ id: conversation.id, userId: user.id })).participant.id).toBe(
      user.id,
    )
    expect(
      (await integ.client.listParticipants({ id: conversation.id })).participants.map((p) => p.id),
    ).toEqual([user.id])
    await integ.client.removeParticipant({ id: conversation.id, userId: user.id })
    const err = await apiError(() => integ.client.getParticipant({ id: conversation.id, userId: user.id }))
    expect(err.code).toBe(404)
    expect(err.message).toMatch(/not found/)
  })
})

describe('messages', () => {
  it('an integration message is incoming (201), a bot message outgoing; both counted on the conversation', async () => {
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'm-1' },
    })
    const { user } = await integ.client.getOrCreateUser({ tags: { id: 'm-user' } })
    const incoming = await integ.client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'hi' },
      tags: { id: 'ext-msg-1' },
    })
    expect(incoming.message).toMatchObject({
      direction: 'incoming',
      type: 'text',
      payload: { text: 'hi' },
      tags: { id: 'ext-msg-1' },
    })
    const outgoing = await bot.client.createMessage({
      conversationId: conversation.id,
      userId: bot.id,
      type: 'text',
      payload: { text: 'hello back' },
      tags: {},
    })
    expect(outgoing.message.direction).toBe('outgoing')
    expect((await bot.client.getConversation({ id: conversation.id })).conversation.messageCount).toBe(2)
    const listed = await bot.client.listMessages({ conversationId: conversation.id })
    expect(listed.messages.map((m) => m.id)).toEqual([outgoing.message.id, incoming.message.id])
    expect((await bot.client.getMessage({ id: incoming.message.id })).message.tags).toEqual({
      'hook:id': 'ext-msg-1',
    })
    // The author became a participant.
    expect(
      (await integ.client.listParticipants({ id: conversation.id })).participants.map((p) => p.id),
    ).toContain(user.id)
  })

  it('get-or-create by tags, update, list by tag filter, delete', async () => {
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'm-2' },
    })
    const { user } = await integ.client.getOrCreateUser({ tags: { id: 'm-user-2' } })
    const args = {
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'once' },
      tags: { id: 'dedupe-1' },
    }
    const a = await integ.client.getOrCreateMessage(args)
    const b = await integ.client.getOrCreateMessage(args)
    expect([a.meta.created, b.meta.created]).toEqual([true, false])
    expect(b.message.id).toBe(a.message.id)
    const updated = await integ.client.updateMessage({
      id: a.message.id,
      payload: { text: 'edited' },
      tags: { edited: 'yes' },
    })
    expect(updated.message).toMatchObject({
      payload: { text: 'edited' },
      tags: { id: 'dedupe-1', edited: 'yes' },
    })
    const byTag = await integ.client.listMessages({ tags: { edited: 'yes' } })
    expect(byTag.messages.map((m) => m.id)).toEqual([a.message.id])
    await integ.client.deleteMessage({ id: a.message.id })
    const err = await apiError(() => integ.client.getMessage({ id: a.message.id }))
    expect([err.code, err.type]).toEqual([404, 'ResourceNotFound'])
  })

  it('refuses a message from a user that is not the bot’s', async () => {
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 'm-3' },
    })
    const err = await apiError(() =>
      integ.client.createMessage({
        conversationId: conversation.id,
        userId: 'user_00000000000000000000000000',
        type: 'text',
        payload: {},
        tags: {},
      }),
    )
    expect(err.code).toBe(404)
  })
})

describe('states', () => {
  it('set, get, patch, get-or-set on conversation, user and bot states', async () => {
    const { conversation } = await integ.client.getOrCreateConversation({
      channel: 'channel',
      tags: { id: 's-1' },
    })
    const key = { type: 'conversation' as const, id: conversation.id, name: 'session' }
    const set = await bot.client.setState({ ...key, payload: { step: 1, topic: 'a' } })
    expect(set.state).toMatchObject({
      type: 'conversation',
      conversationId: conversation.id,
      name: 'session',
      payload: { step: 1, topic: 'a' },
    })
    expect((await bot.client.getState(key)).state.payload).toEqual({ step: 1, topic: 'a' })
    const patched = await bot.client.patchState({ ...key, payload: { step: 2 } })
    expect(patched.state.payload).toEqual({ step: 2, topic: 'a' })
    const kept = await bot.client.getOrSetState({ ...key, payload: { step: 99 } })
    expect(kept.state.payload).toEqual({ step: 2, topic: 'a' })
    const botState = await bot.client.getOrSetState({
      type: 'bot',
      id: bot.id,
      name: 'counter',
      payload: { n: 0 },
    })
    expect(botState.state.payload).toEqual({ n: 0 })
    const err = await apiError(() =>
      bot.client.getState({ type: 'user', id: 'user_00000000000000000000000000', name: 'x' }),
    )
    expect(err.code).toBe(404)
  })

  it('a state with an expiry is gone after it', async () => {
    const key = { type: 'bot' as const, id: bot.id, name: 'short-lived' }
    const set = await bot.client.setState({ ...key, payload: { v: 1 }, expiry: 300 })
    expect(set.state.expiry).toBe(300)
    expect(Date.parse(set.state.expiresAt!)).toBeGreaterThan(Date.now() - 1000)
    expect((await bot.client.getState(key)).state.payload).toEqual({ v: 1 })
    await new Promise((r) => setTimeout(r, 450))
    const err = await apiError(() => bot.client.getState(key))
    expect(err.code).toBe(404)
    // get-or-set takes the expired slot over with the new payload.
    expect((await bot.client.getOrSetState({ ...key, payload: { v: 2 } })).state.payload).toEqual({ v: 2 })
  })

  it('an integration keeps its own state; a bot cannot read it', async () => {
    const intgId = (await h.admin.GetIntegration({ name: 'webhook' })).id
    const key = { type: 'integration' as const, id: intgId, name: 'cursor' }
    await integ.client.setState({ ...key, payload: { offset: 42 } })
    expect((await integ.client.getState(key)).state.payload).toEqual({ offset: 42 })
    expect((await apiError(() => bot.client.getState(key))).code).toBe(403)
  })
})

describe('actions without a dispatcher', () => {
  it('validates the input against the definition first, then answers 503 when no dispatcher runs', async () => {
    const invalid = await apiError(() => bot.client.callAction({ type: 'hook:notify', input: { text: 1 } }))
    expect([invalid.code, invalid.message]).toEqual([
      400,
      expect.stringMatching(/input\.text: must be string/),
    ])
    // The wire status is 503; @botpress/client has no 503 type, so callers see an Internal error with our message.
    const unavailable = await apiError(() =>
      bot.client.callAction({ type: 'hook:notify', input: { text: 'hi' } }),
    )
    expect([unavailable.type, unavailable.message]).toEqual([
      'Internal',
      expect.stringMatching(/no dispatcher is running/),
    ])
    const raw = await fetch(`${h.apiUrl}/v1/chat/actions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bot.token}`,
        'x-bot-id': bot.id,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ type: 'hook:notify', input: { text: 'hi' } }),
    })
    expect(raw.status).toBe(503)
    expect(
      (await apiError(() => integ.client.callAction({ type: 'hook:notify', input: { text: 'hi' } }))).code,
    ).toBe(403)
    expect((await apiError(() => bot.client.callAction({ type: 'not a type', input: {} }))).code).toBe(400)
  })
})

describe('events and configure', () => {
  it('an integration creates an event (201) the bot sees prefixed by alias; both can get and list it', async () => {
    const { event } = await integ.client.createEvent({ type: 'ping', payload: { n: 1 } })
    expect(event).toMatchObject({ type: 'ping', payload: { n: 1 }, status: 'pending', failureReason: null })
    expect((await bot.client.getEvent({ id: event.id })).event.type).toBe('hook:ping')
    const listed = await bot.client.listEvents({ type: 'hook:ping' })
    expect(listed.events.map((e) => e.id)).toContain(event.id)
  })

  it('integrations/configure sets the installation identifier', async () => {
    await integ.client.configureIntegration({ identifier: 'team-42' })
    const inst = await h.admin.GetInstallation({ id: integ.id })
    expect(inst.identifier).toBe('team-42')
  })

  it('answers unknown routes with the standard 404 body', async () => {
    const res = await fetch(`${h.apiUrl}/v1/chat/nope`, {
      headers: { authorization: `Bearer ${bot.token}`, 'x-bot-id': bot.id },
    })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({
      code: 404,
      type: 'ResourceNotFound',
      message: expect.stringMatching(/not found/),
    })
  })
})
