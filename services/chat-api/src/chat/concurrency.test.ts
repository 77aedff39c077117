import { afterAll, beforeAll, expect, it } from 'vitest'
import { startHarness, type Harness } from '../testing/harness.js'

let h: Harness
let integ: Awaited<ReturnType<Harness['install']>>

beforeAll(async () => {
  h = await startHarness()
  const bot = await h.createBot('race-bot')
  integ = await h.install(bot, await h.createIntegration('webhook'))
})
afterAll(() => h.close())

it('50 concurrent getOrCreateUser calls with the same tags make exactly one user', async () => {
  const results = await Promise.all(
    Array.from({ length: 50 }, () => integ.client.getOrCreateUser({ tags: { id: 'same-user' } })),
  )
  expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
  expect(results.filter((r) => r.meta.created)).toHaveLength(1)
  const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM users WHERE tags @> $1`, [
    { 'webhook:id': 'same-user' },
  ])
  expect(rows[0].n).toBe(1)
})

it('50 concurrent getOrCreateConversation calls with the same tags make exactly one conversation', async () => {
  const results = await Promise.all(
    Array.from({ length: 50 }, () =>
      integ.client.getOrCreateConversation({ channel: 'channel', tags: { id: 'same-conv' } }),
    ),
  )
  expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1)
  expect(results.filter((r) => r.meta.created)).toHaveLength(1)
  const { rows } = await h.api.pool.query(`SELECT count(*)::int AS n FROM conversations WHERE tags @> $1`, [
    { 'webhook:id': 'same-conv' },
  ])
  expect(rows[0].n).toBe(1)
})

it('concurrent calls with different tags are not serialised into one row', async () => {
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => integ.client.getOrCreateUser({ tags: { id: `distinct-${i}` } })),
  )
  expect(new Set(results.map((r) => r.user.id)).size).toBe(20)
})
