import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeadLetter } from '@switchboard/dispatcher'
import { ensureStreams, headers, jetstream, jetstreamManager } from '@switchboard/nats'
import { createTestNats, type TestNats } from '@switchboard/testing'
import { cli } from '../testing/run-cli.js'
import type { ListedDeadLetter } from './dlq.js'

let nats: TestNats
let cwd: string
let env: Record<string, string>

beforeAll(async () => {
  ;[nats, cwd] = await Promise.all([createTestNats(), mkdtemp(join(tmpdir(), 'sb-dlq-'))])
  await ensureStreams(nats.nc, nats.names)
  env = { NATS_URL: nats.url, NATS_PREFIX: nats.prefix }
})
afterAll(async () => {
  await nats?.cleanup()
  await rm(cwd, { recursive: true, force: true })
})

const run = (...argv: string[]) => cli(argv, { env, cwd })

/** A webhook as ingress stored it, consumed and given up on the way the dispatcher does. */
async function deadWebhook(installationId: string, body: string): Promise<{ subject: string; seq: number }> {
  const js = jetstream(nats.nc)
  const subject = nats.names.subjects.webhook(installationId)
  const h = headers()
  h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
  // A letter from before partitioning may carry the old sequence-gate headers: a replay drops them.
  h.set('Sb-Order-Key', 'conv_1')
  h.set('Sb-Seq', '3')
  // The original id stays in the duplicate window: a replay carrying it would be dropped.
  const ack = await js.publish(subject, body, { headers: h, msgID: `delivery-${installationId}` })
  const jsm = await jetstreamManager(nats.nc)
  const original = (await jsm.streams.getMessage(nats.names.streams.webhooks, { seq: ack.seq }))!
  const recorded: Record<string, string> = {}
  for (const [k, v] of original.header ?? []) recorded[k] = v.join(', ')
  await jsm.streams.deleteMessage(nats.names.streams.webhooks, ack.seq)
  const letter: DeadLetter = {
    stream: nats.names.streams.webhooks,
    subject,
    seq: ack.seq,
    deliveryCount: 5,
    reason: 'handler answered 500 five times',
    headers: recorded,
    dataBase64: Buffer.from(body).toString('base64'),
    deadAt: new Date().toISOString(),
  }
  await js.publish(nats.names.subjects.dead(nats.names.streams.webhooks), JSON.stringify(letter))
  return { subject, seq: ack.seq }
}

describe('switchboard dlq', () => {
  it('lists dead letters, replays one back onto its stream with its headers, and deletes it', async () => {
    const { subject } = await deadWebhook('inst_a', '{"text":"lost"}')
    await deadWebhook('inst_b', '{"text":"also lost"}')

    const listed = JSON.parse((await run('dlq', 'list', '-o', 'json')).out) as ListedDeadLetter[]
    expect(listed.map((l) => [l.subject, l.reason])).toEqual([
      [subject, 'handler answered 500 five times'],
      [nats.names.subjects.webhook('inst_b'), 'handler answered 500 five times'],
    ])
    const table = await run('dlq', 'list')
    expect(table.out.split('\n')[0]).toMatch(/^SEQ\s+STREAM\s+SUBJECT\s+DELIVERIES\s+DEAD AT\s+REASON$/)
    expect(table.out).toContain(`${listed[0]!.deadSeq}     ${nats.names.streams.webhooks}`)

    const replayed = await run('dlq', 'replay', String(listed[0]!.deadSeq))
    expect(replayed.code).toBe(0)
    expect(replayed.out).toContain(`replayed ${listed[0]!.deadSeq}: ${subject}`)

    // Back in SB_WEBHOOKS under its subject, with its bytes and trace context, without the old gate's
    // headers, and not dropped as a duplicate of the original delivery.
    const jsm = await jetstreamManager(nats.nc)
    const back = (await jsm.streams.getMessage(nats.names.streams.webhooks, { last_by_subj: subject }))!
    expect(back.string()).toBe('{"text":"lost"}')
    expect(back.header.get('traceparent')).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
    expect(back.header.get('Sb-Seq')).toBe('')
    expect(back.header.get('Sb-Replayed-From')).toBe(String(listed[0]!.deadSeq))

    const left = JSON.parse((await run('dlq', 'list', '-o', 'json')).out) as ListedDeadLetter[]
    expect(left.map((l) => l.deadSeq)).toEqual([listed[1]!.deadSeq])
    const gone = await run('dlq', 'replay', String(listed[0]!.deadSeq))
    expect(gone.code).toBe(1)
    expect(gone.err).toContain(`no dead letter ${listed[0]!.deadSeq}`)
  })

  it('replays every dead letter with --all', async () => {
    await deadWebhook('inst_c', '{"text":"third"}')
    const r = await run('dlq', 'replay', '--all')
    expect(r.out.split('\n')).toHaveLength(2)
    expect((await run('dlq', 'list')).out).toBe('No dead letters.')
    const info = await (await jetstreamManager(nats.nc)).streams.info(nats.names.streams.webhooks)
    expect(info.state.messages).toBe(3)
  })

  it('says where NATS was expected when it is not there', async () => {
    const r = await cli(['dlq', 'list'], { env: { NATS_URL: 'nats://127.0.0.1:1' }, cwd })
    expect(r.code).toBe(1)
    expect(r.err).toContain('cannot reach NATS at nats://127.0.0.1:1 (NATS_URL)')
  })
})
