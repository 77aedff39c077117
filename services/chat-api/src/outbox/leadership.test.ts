import { createPool, migrate, readMigrations, withTransaction, type Pool } from '@switchboard/db'
import { createLogger } from '@switchboard/logging'
import { connectNats, ensureStreams, jetstreamManager, type NatsConnection } from '@switchboard/nats'
import {
  createTestDatabase,
  createTestNats,
  streamNotices,
  waitFor,
  type TestDatabase,
  type TestNats,
} from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR, SCHEMA } from '../app.js'
import { LeaderSession, type LeaderSessionOptions } from './leader-session.js'
import { enqueue, OutboxPublisher } from './outbox.js'

/**
 * Two chat-api replicas' publishers on one outbox (docs/adr/0015): one leads at a time, a leader
 * whose connection dies is replaced, and every row reaches the stream once, each writer's rows in the
 * order it committed them.
 */
let db: TestDatabase
let nats: TestNats
let pool: Pool
const connections: NatsConnection[] = []
const publishers: OutboxPublisher[] = []
const logger = createLogger({ service: 'outbox-test', level: 'silent' })
const stream = () => nats.names.streams.bot

beforeAll(async () => {
  ;[db, nats] = await Promise.all([createTestDatabase(), createTestNats()])
  pool = createPool({ url: db.url, max: 12, searchPath: SCHEMA })
  await migrate(pool, SCHEMA, await readMigrations(MIGRATIONS_DIR))
  await ensureStreams(nats.nc, nats.names)
})
afterAll(async () => {
  await Promise.all(publishers.map((p) => p.stop()))
  await Promise.all(connections.map((c) => c.close()))
  await pool?.end()
  await nats?.cleanup()
  await db?.drop()
})

/** A replica's publisher: its own NATS connection, the shared database, fast polls. */
async function replica(): Promise<OutboxPublisher> {
  const nc = await connectNats(nats.url, 'outbox-test')
  connections.push(nc)
  const p = new OutboxPublisher({ pool, names: nats.names, logger, pollMs: 100, lingerMs: 20 })
  publishers.push(p)
  p.attach(nc)
  p.start()
  return p
}

/** The backend holding the publisher lock in this database, if any. */
async function lockHolder(): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  )
  expect(rows.length).toBeLessThanOrEqual(1)
  return rows[0]?.pid
}

async function streamCount(): Promise<number> {
  const jsm = await jetstreamManager(nats.nc)
  return (await jsm.streams.info(stream())).state.messages
}

/**
 * `writers` writers each commit `rows` rows (and more while `more()` holds) one transaction after
 * another, as one conversation's messages are, kicking the publisher of the replica they wrote
 * through. Resolves with how many rows were written, once all are.
 */
async function write(
  tag: string,
  writers: number,
  rows: number,
  via: OutboxPublisher[],
  opts: { more?: () => boolean; onRow?: () => void } = {},
): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let n = 0
      for (; n < rows || opts.more?.(); n++) {
        await withTransaction(pool, async (tx, afterCommit) => {
          await enqueue(tx, nats.names.subjects.bot(`bot_${tag}`, `conv_${tag}${w}`), { tag, w, n })
          afterCommit(() => via[(w + n) % via.length]!.kick())
        })
        opts.onRow?.()
      }
      return n
    }),
  )
  return counts.reduce((x, y) => x + y, 0)
}

/** Waits for `total` messages in the stream and an empty outbox, then checks once and in order. */
async function expectAllOnceInOrder(tag: string, total: number): Promise<void> {
  await waitFor('every row in the stream', async () => (await streamCount()) >= total, 30_000)
  await waitFor('the outbox to empty', async () => (await pool.query(`SELECT 1 FROM outbox`)).rowCount === 0)
  const mine = (await streamNotices(nats, stream()))
    .map((m) => m.notice as unknown as { tag: string; w: number; n: number })
    .filter((n) => n.tag === tag)
  expect(mine).toHaveLength(total)
  const byWriter = new Map<number, number[]>()
  for (const { w, n } of mine) byWriter.set(w, [...(byWriter.get(w) ?? []), n])
  for (const ns of byWriter.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b))
  expect(new Set(mine.map((m) => `${m.w}.${m.n}`)).size).toBe(total)
}

describe('the outbox publisher leader', () => {
  let a: OutboxPublisher
  let b: OutboxPublisher

  it('two replicas: one leads and publishes, the other never does; each row once, in order', async () => {
    a = await replica()
    b = await replica()
    await waitFor('a leader', () => a.isLeader || b.isLeader)
    const leader = a.isLeader ? a : b
    const follower = leader === a ? b : a
    let bothLed = false
    const total = await write('two', 4, 40, [a, b], {
      onRow: () => {
        if (a.isLeader && b.isLeader) bothLed = true
      },
    })
    await expectAllOnceInOrder('two', total)
    expect(bothLed).toBe(false)
    expect(leader.counts).toEqual({ published: total, duplicates: 0 })
    expect(follower.counts).toEqual({ published: 0, duplicates: 0 })
    expect(follower.isLeader).toBe(false)
  }, 60_000)

  it('a row committed after a row with a later position is published too, without holding the later one back', async () => {
    const before = await streamCount()
    const early = await pool.connect()
    try {
      await early.query('BEGIN')
      await enqueue(early, nats.names.subjects.bot('bot_late', 'conv_1'), { tag: 'late', w: 1, n: 0 })
      await enqueue(pool, nats.names.subjects.bot('bot_late', 'conv_2'), { tag: 'late', w: 2, n: 0 })
      a.kick()
      b.kick()
      await waitFor('the later row in the stream', async () => (await streamCount()) === before + 1)
      await early.query('COMMIT')
    } finally {
      early.release()
    }
    a.kick()
    b.kick()
    await waitFor('the earlier row in the stream', async () => (await streamCount()) === before + 2)
    const late = (await streamNotices(nats, stream())).slice(before).map((m) => m.notice)
    expect(late).toEqual([
      { tag: 'late', w: 2, n: 0 },
      { tag: 'late', w: 1, n: 0 },
    ])
  })

  it("the leader's connection terminated under load: the other replica takes over, nothing lost, order kept", async () => {
    const first = a.isLeader ? a : b
    const second = first === a ? b : a
    let moved = false
    let terminations = 0
    // Rows keep coming until the lock has moved, and 20 per writer after that.
    const writing = write('takeover', 3, 20, [a, b], { more: () => !moved })
    // Kill the lock holder's backend, as an operator or a failover would, until the lock has moved
    // to the other replica while rows were flowing (the one that lost its connection waits before
    // competing again, so it rarely wins it back).
    while (!second.isLeader) {
      await waitFor('rows waiting', async () => (await pool.query(`SELECT 1 FROM outbox`)).rowCount)
      const pid = await waitFor('a lock holder', lockHolder)
      await pool.query(`SELECT pg_terminate_backend($1)`, [pid])
      terminations++
      await waitFor('a new leader', async () => {
        const holder = await lockHolder()
        return holder !== undefined && holder !== pid
      })
    }
    moved = true
    const total = await writing
    await expectAllOnceInOrder('takeover', total)
    expect(terminations).toBeGreaterThan(0)
    expect(first.isLeader).toBe(false)

    // From now on the replica that lost the lock publishes nothing: the new leader publishes all.
    const firstCounts = { ...first.counts }
    const secondPublished = second.counts.published
    const after = await write('after-takeover', 2, 20, [a, b])
    await expectAllOnceInOrder('after-takeover', after)
    expect(first.counts).toEqual(firstCounts)
    expect(second.counts.published).toBe(secondPublished + after)
  }, 60_000)

  it('a leader that stops hands over: the other replica publishes what comes next', async () => {
    const leader = a.isLeader ? a : b
    const other = leader === a ? b : a
    await leader.stop()
    await waitFor('the other replica to lead', () => other.isLeader)
    const published = other.counts.published
    // Rows committed through the stopped replica too (its kicks do nothing; the leader polls).
    const total = await write('handover', 2, 20, [leader, other])
    await expectAllOnceInOrder('handover', total)
    expect(other.counts.published).toBe(published + total)
  }, 60_000)
})

describe('a leader session', () => {
  // Without the publishers above: these sessions compete for the lock alone.
  beforeAll(() => Promise.all(publishers.map((p) => p.stop())))
  const opts = (leaseMs = 60_000): LeaderSessionOptions => ({
    leaseMs,
    statementTimeoutMs: 10_000,
    onNotification: () => undefined,
    onLost: () => undefined,
  })

  it('may publish only while its connection lives: terminated, it stops and another session leads', async () => {
    const one = await LeaderSession.open(pool, opts())
    const two = await LeaderSession.open(pool, opts())
    try {
      // The stopped publishers' backends let the lock go as they exit.
      await waitFor('the lock', () => one.tryLead(false))
      expect(one.mayPublish()).toBe(true)
      expect(await two.tryLead(false)).toBe(false)
      expect(two.mayPublish()).toBe(false)
      await pool.query(`SELECT pg_terminate_backend($1)`, [await lockHolder()])
      await waitFor('the loss to be noticed', () => one.lost)
      expect(one.mayPublish()).toBe(false)
      await expect(one.round([], 1)).rejects.toThrow()
      await waitFor('the other session to lead', () => two.tryLead(false))
      expect(two.mayPublish()).toBe(true)
    } finally {
      one.close()
      two.close()
    }
  })

  it('may publish only within its lease of the last statement that proved the lock held', async () => {
    const s = await LeaderSession.open(pool, opts(200))
    try {
      // The previous test's sessions were closed; their backends let the lock go as they exit.
      await waitFor('the lock', () => s.tryLead(false))
      await s.round([], 1)
      expect(s.mayPublish()).toBe(true)
      await waitFor('the lease to run out', () => !s.mayPublish())
      expect(s.isLeader).toBe(true)
      await s.round([], 1)
      expect(s.mayPublish()).toBe(true)
    } finally {
      s.close()
    }
  })
})
