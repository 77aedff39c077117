import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import { createLogger } from '@switchboard/logging'
import { connectNats, ensureStreams, natsNames, partitionOf } from '@switchboard/nats'
import { createTestNats, freePort, waitFor, type TestNats } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { StreamConsumer } from './stream-consumer.js'

/**
 * The consumer's own pull loop (`SlotPuller`: one request of one message per slot, the next asked
 * for in the ack): strict order on a `max_ack_pending: 1` partition, every message acked, and
 * pulling that survives the server losing the consumer or restarting.
 */
const logger = createLogger({ service: 'test', level: 'silent' })
let nats: TestNats
const consumers: StreamConsumer[] = []
beforeAll(async () => {
  nats = await createTestNats()
  await ensureStreams(nats.nc, nats.names)
})
afterAll(async () => {
  for (const c of consumers) await c.stop()
  await nats?.cleanup()
})

/** A conversation in another partition than `conv_p`'s (a work-queue stream refuses overlapping consumers). */
const otherConversation = ['conv_q', 'conv_r', 'conv_s'].find(
  (c) => partitionOf(c) !== partitionOf('conv_p'),
)!

function partitionConsumer(
  nc: TestNats['nc'],
  names: TestNats['names'],
  handle: (msg: JsMsg) => Promise<void>,
  durable = 'puller-test',
  conversation = 'conv_p',
) {
  const c = new StreamConsumer({
    nc,
    logger,
    stream: names.streams.bot,
    durable,
    filterSubject: names.subjects.partition.bot(partitionOf(conversation)),
    maxAckPending: 1,
    concurrency: 1,
    deadSubject: names.subjects.dead(names.streams.bot),
    retry: { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10 },
    ackWaitMs: 2000,
    pullHeartbeatMs: 500,
    handle,
  })
  consumers.push(c)
  return c
}

it('one message out at a time, in stream order, each acked (the stream is left empty)', async () => {
  const { names } = nats
  const js = jetstream(nats.nc)
  const handled: string[] = []
  let out = 0
  let mostOut = 0
  await partitionConsumer(nats.nc, names, async (msg) => {
    mostOut = Math.max(mostOut, ++out)
    await new Promise((r) => setTimeout(r, Math.random() * 3))
    handled.push(msg.string())
    out--
  }).start()
  const texts = Array.from({ length: 60 }, (_, i) => `m${i}`)
  for (const t of texts) await js.publish(names.subjects.bot('bot_p', 'conv_p'), t)
  await waitFor('every message handled', () => handled.length >= texts.length)
  expect(handled).toEqual(texts)
  expect(mostOut).toBe(1)
  const jsm = await jetstreamManager(nats.nc)
  await waitFor(
    'every message acked',
    async () => (await jsm.streams.info(names.streams.bot)).state.messages === 0,
  )
})

it('a consumer deleted under it is created again, and its messages still arrive', async () => {
  const { names } = nats
  const js = jetstream(nats.nc)
  const jsm = await jetstreamManager(nats.nc)
  const handled: string[] = []
  const conv = otherConversation
  const durable = 'puller-deleted'
  await partitionConsumer(
    nats.nc,
    names,
    async (msg) => void handled.push(msg.string()),
    durable,
    conv,
  ).start()
  await js.publish(names.subjects.bot('bot_p', conv), 'before')
  await waitFor('the first message', () => handled.includes('before'))
  // The open request dies with the consumer, mostly without a word (nats-server 2.9 answers nothing
  // to a pull for a consumer it lacks): only the silence tells.
  await jsm.consumers.delete(names.streams.bot, durable)
  await js.publish(names.subjects.bot('bot_p', conv), 'after')
  await waitFor('the message published after the deletion', () => handled.includes('after'), 15_000)
  expect((await jsm.consumers.info(names.streams.bot, durable)).config.max_ack_pending).toBe(1)
})

it('a consumer deleted while a message is held (its ack asks a consumer that is gone) is created again', async () => {
  const { names } = nats
  const js = jetstream(nats.nc)
  const jsm = await jetstreamManager(nats.nc)
  const handled: string[] = []
  // A third partition, apart from the two tests' above.
  const taken = new Set([partitionOf('conv_p'), partitionOf(otherConversation)])
  const conv = ['conv_t', 'conv_u', 'conv_v', 'conv_w', 'conv_x'].find((c) => !taken.has(partitionOf(c)))!
  const durable = 'puller-deleted-held'
  let deleted = false
  await partitionConsumer(
    nats.nc,
    names,
    async (msg) => {
      // The deletion lands before this message's ack and its request for the next, which then
      // reach no one (a 503 no-responders status). The unacked message comes again from the
      // consumer created again.
      if (!deleted) {
        deleted = true
        await jsm.consumers.delete(names.streams.bot, durable)
      }
      handled.push(msg.string())
    },
    durable,
    conv,
  ).start()
  await js.publish(names.subjects.bot('bot_p', conv), 'before')
  await waitFor('the first message', () => handled.includes('before'))
  await js.publish(names.subjects.bot('bot_p', conv), 'after')
  await waitFor('the message published after the deletion', () => handled.includes('after'), 15_000)
  expect((await jsm.consumers.info(names.streams.bot, durable)).config.max_ack_pending).toBe(1)
})

it('nats-server restarted: the message held during the restart and those published after it all arrive, in order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-puller-nats-'))
  const port = await freePort()
  let server: ChildProcess | undefined
  const startServer = async () => {
    server = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: 'ignore',
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin` },
    })
    const nc = await waitFor('nats-server up', () => connectNats(`nats://127.0.0.1:${port}`, 'probe'))
    await nc.close()
  }
  await startServer()
  const names = natsNames('R')
  const nc = await connectNats(`nats://127.0.0.1:${port}`, 'puller-restart')
  try {
    await ensureStreams(nc, names)
    const handled: string[] = []
    let release: () => void = () => undefined
    const held = new Promise<void>((r) => (release = r))
    await partitionConsumer(nc, names, async (msg) => {
      if (msg.string() === 'r1' && !handled.includes('r1')) await held
      handled.push(msg.string())
    }).start()
    const js = jetstream(nc)
    for (const t of ['r0', 'r1', 'r2']) await js.publish(names.subjects.bot('bot_p', 'conv_p'), t)
    await waitFor('r0 handled, r1 held', () => handled.includes('r0'))
    server!.kill('SIGKILL')
    await once(server!, 'exit')
    await startServer()
    release()
    await waitFor('r2 handled after the restart', () => handled.includes('r2'), 20_000)
    await jetstream(nc).publish(names.subjects.bot('bot_p', 'conv_p'), 'r3')
    await waitFor('r3 handled', () => handled.includes('r3'), 20_000)
    // A kill -9 may lose the server's record of the latest acks: those messages come again, in order.
    const firsts = handled.filter((t, i) => handled.indexOf(t) === i)
    const lasts = handled.filter((t, i) => handled.lastIndexOf(t) === i)
    expect(firsts).toEqual(['r0', 'r1', 'r2', 'r3'])
    expect(lasts).toEqual(['r0', 'r1', 'r2', 'r3'])
  } finally {
    for (const c of consumers.splice(0)) await c.stop()
    await nc.close()
    server?.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  }
}, 60_000)
