import { Client } from '@botpress/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError, startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let botA: Awaited<ReturnType<Harness['createBot']>>
let botB: Awaited<ReturnType<Harness['createBot']>>
let integA: Awaited<ReturnType<Harness['install']>>
let secretConv: string
let secretUser: string
let secretMsg: string

beforeAll(async () => {
  h = await startHarness()
  botA = await h.createBot('bot-a')
  botB = await h.createBot('bot-b')
  const intg = await h.createIntegration('webhook')
  integA = await h.install(botA, intg)
  const c = await integA.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'private-conv' } })
  const u = await integA.client.getOrCreateUser({ tags: { id: 'private-user' }, name: 'Secret Name' })
  const m = await integA.client.createMessage({
    conversationId: c.conversation.id,
    userId: u.user.id,
    type: 'text',
    payload: { text: 'private words' },
    tags: {},
  })
  await botA.client.setState({
    type: 'conversation',
    id: c.conversation.id,
    name: 'memo',
    payload: { secret: 'private state' },
  })
  secretConv = c.conversation.id
  secretUser = u.user.id
  secretMsg = m.message.id
})
afterAll(() => h.close())

/** Asserts an error with none of bot A's data in its body. */
function expectDenied(err: { code: number; message: string }, codes: number[]) {
  expect(codes).toContain(err.code)
  expect(JSON.stringify(err)).not.toMatch(/private|Secret Name/)
}

describe("bot B's token against bot A's data", () => {
  it('cannot read A’s conversation, user, message or state through its own bot id (404)', async () => {
    expectDenied(await apiError(() => botB.client.getConversation({ id: secretConv })), [404])
    expectDenied(await apiError(() => botB.client.getUser({ id: secretUser })), [404])
    expectDenied(await apiError(() => botB.client.getMessage({ id: secretMsg })), [404])
    expectDenied(
      await apiError(() => botB.client.getState({ type: 'conversation', id: secretConv, name: 'memo' })),
      [404],
    )
    expectDenied(await apiError(() => botB.client.listMessages({ conversationId: secretConv })), [404])
    const listed = await botB.client.listConversations({})
    expect(listed.conversations).toEqual([])
  })

  it('cannot write into A’s conversation or state', async () => {
    expectDenied(
      await apiError(() =>
        botB.client.createMessage({
          conversationId: secretConv,
          userId: botB.id,
          type: 'text',
          payload: { text: 'x' },
          tags: {},
        }),
      ),
      [404],
    )
    expectDenied(
      await apiError(() =>
        botB.client.setState({ type: 'conversation', id: secretConv, name: 'memo', payload: {} }),
      ),
      [404],
    )
    expectDenied(
      await apiError(() => botB.client.updateConversation({ id: secretConv, tags: { x: 'y' } })),
      [404],
    )
    expectDenied(await apiError(() => botB.client.deleteMessage({ id: secretMsg })), [404])
    const { rows } = await h.api.pool.query(
      `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1`,
      [secretConv],
    )
    expect(rows[0].n).toBe(1)
  })

  it('cannot act as bot A by sending A’s id with B’s token (403)', async () => {
    const impostor = new Client({ apiUrl: h.apiUrl, botId: botA.id, token: botB.token })
    expectDenied(await apiError(() => impostor.getConversation({ id: secretConv })), [403])
    expectDenied(await apiError(() => impostor.listUsers({})), [403])
  })
})

describe('credentials', () => {
  it('no token, an unknown token, a revoked token are 401', async () => {
    const anonymous = new Client({ apiUrl: h.apiUrl, botId: botA.id })
    expectDenied(await apiError(() => anonymous.getConversation({ id: secretConv })), [401])
    const forged = new Client({ apiUrl: h.apiUrl, botId: botA.id, token: 'sbt_forged' })
    expectDenied(await apiError(() => forged.getConversation({ id: secretConv })), [401])
    const t = await h.admin.CreateToken({ kind: 'bot', botId: botA.id, name: 'short' })
    const revokable = new Client({ apiUrl: h.apiUrl, botId: botA.id, token: t.secret })
    expect((await revokable.getConversation({ id: secretConv })).conversation.id).toBe(secretConv)
    await h.admin.RevokeToken({ id: t.id })
    expectDenied(await apiError(() => revokable.getConversation({ id: secretConv })), [401])
  })

  it('an integration token works only for bots that installed the integration', async () => {
    const intgId = (await h.admin.GetIntegration({ name: 'webhook' })).id
    const tok = await h.admin.CreateToken({ kind: 'integration', integrationId: intgId })
    const intoB = new Client({ apiUrl: h.apiUrl, botId: botB.id, integrationId: intgId, token: tok.secret })
    expectDenied(await apiError(() => intoB.getOrCreateUser({ tags: { id: 'x' } })), [403])
    const otherIntg = await h.createIntegration('other')
    const wrongIntegration = new Client({
      apiUrl: h.apiUrl,
      botId: botA.id,
      integrationId: otherIntg.id,
      token: tok.secret,
    })
    expectDenied(await apiError(() => wrongIntegration.getConversation({ id: secretConv })), [403])
  })

  it('an integration sees only its own installation’s conversations in its bot', async () => {
    const second = await h.install(botA, await h.createIntegration('second'))
    expectDenied(await apiError(() => second.client.getConversation({ id: secretConv })), [404])
    expect((await second.client.listConversations({})).conversations).toEqual([])
  })

  it('tokens are stored hashed, never in plain text', async () => {
    const { rows } = await h.api.pool.query(`SELECT hash FROM tokens`)
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/)
    const dump = JSON.stringify((await h.api.pool.query(`SELECT * FROM tokens`)).rows)
    expect(dump).not.toContain(botA.token)
    expect(dump).not.toContain(botB.token)
  })
})

describe('two installations of one bot (docs/tenancy.md)', () => {
  let second: Awaited<ReturnType<Harness['install']>>
  let secretEvent: string
  beforeAll(async () => {
    second = await h.install(botA, await h.createIntegration('neighbour'))
    const e = await integA.client.createEvent({
      type: 'ping',
      payload: { secret: 'private event' },
      conversationId: secretConv,
    })
    secretEvent = e.event.id
  })

  it('an integration cannot read the other installation’s events, by id, by conversation or by listing', async () => {
    expectDenied(await apiError(() => second.client.getEvent({ id: secretEvent })), [404])
    expectDenied(await apiError(() => second.client.listEvents({ conversationId: secretConv })), [404])
    const listed = await second.client.listEvents({})
    expect(listed.events).toEqual([])
    expect(JSON.stringify(listed)).not.toMatch(/private/)
  })

  it('the installation that created an event, and the bot, still read it', async () => {
    expect((await integA.client.getEvent({ id: secretEvent })).event.payload).toEqual({
      secret: 'private event',
    })
    expect(
      (await integA.client.listEvents({ conversationId: secretConv })).events.map((e) => e.id),
    ).toContain(secretEvent)
    expect((await botA.client.getEvent({ id: secretEvent })).event.id).toBe(secretEvent)
    expect((await botA.client.listEvents({})).events.map((e) => e.id)).toContain(secretEvent)
  })

  it('users belong to the installation that created them: the other one neither reads nor finds them', async () => {
    expectDenied(await apiError(() => second.client.getUser({ id: secretUser })), [404])
    expectDenied(await apiError(() => second.client.updateUser({ id: secretUser, name: 'x' })), [404])
    expect((await second.client.listUsers({})).users).toEqual([])
    // The same external id through the other installation is another person: a new user.
    const other = await second.client.getOrCreateUser({ tags: { id: 'private-user' } })
    expect(other.user.id).not.toBe(secretUser)
    expectDenied(
      await apiError(() =>
        second.client.setState({ type: 'user', id: secretUser, name: 'memo', payload: { x: 1 } }),
      ),
      [404],
    )
    // The bot sees both: users are the bot's contacts, one per integration they talk through.
    const ids = (await botA.client.listUsers({})).users.map((u) => u.id)
    expect(ids).toEqual(expect.arrayContaining([secretUser, other.user.id]))
    expect((await h.api.pool.query(`SELECT name FROM users WHERE id = $1`, [secretUser])).rows[0].name).toBe(
      'Secret Name',
    )
  })

  it('listTagValues over users shows an integration only its own users’ values, the bot all of them', async () => {
    await integA.client.createUser({ tags: { team: 'a-team' } })
    const theirs = await second.client.createUser({ tags: { team: 'b-team' } })
    // A bot may write any key: here the first installation's key on the second's user, and on a
    // user of its own. Neither user is the first installation's to see (listUsers hides them).
    await botA.client.updateUser({ id: theirs.user.id, tags: { [`${integA.alias}:team`]: 'private-b' } })
    await botA.client.createUser({ tags: { [`${integA.alias}:team`]: 'private-bot' } })
    expect((await integA.client.listUsers({ tags: { team: 'private-b' } })).users).toEqual([])

    const values = async (client: typeof botA.client, key: string) =>
      (await client.listTagValues({ key, type: 'user' })).tags.map((t) => t.value)
    expect(await values(integA.client, 'team')).toEqual(['a-team'])
    expect(await values(second.client, 'team')).toEqual(['b-team'])
    expect(await values(botA.client, `${integA.alias}:team`)).toEqual(['a-team', 'private-b', 'private-bot'])
    expect(await values(botA.client, `${second.alias}:team`)).toEqual(['b-team'])
  })

  it('bot states are the bot’s: an integration can neither read nor write them', async () => {
    await botA.client.setState({ type: 'bot', id: botA.id, name: 'memo', payload: { secret: 'private bot' } })
    expectDenied(
      await apiError(() => second.client.getState({ type: 'bot', id: botA.id, name: 'memo' })),
      [403],
    )
    expectDenied(
      await apiError(() =>
        integA.client.setState({ type: 'bot', id: botA.id, name: 'memo', payload: { overwritten: true } }),
      ),
      [403],
    )
    const { state } = await botA.client.getState({ type: 'bot', id: botA.id, name: 'memo' })
    expect(state.payload).toEqual({ secret: 'private bot' })
  })
})
