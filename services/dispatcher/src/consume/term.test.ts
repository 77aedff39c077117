import { AckPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import { nanos } from '@nats-io/nats-core'
import { createTestNats, type TestNats } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'

/**
 * What the server makes of a term, on the nats-server this machine runs (Debian's 2.9.10, the oldest
 * we support). The consumer lets one message out at a time, so the message after a term is either the
 * next one (the term was honoured) or the termed one again (it was not, and came back after ack_wait).
 */
let nats: TestNats
let stream: string
beforeAll(async () => {
  nats = await createTestNats()
  stream = `${nats.prefix}_TERM`
  const jsm = await jetstreamManager(nats.nc)
  await jsm.streams.add({ name: stream, subjects: [`${nats.prefix}.term.>`] })
})
afterAll(async () => {
  await (await jetstreamManager(nats.nc)).streams.delete(stream).catch(() => undefined)
  await nats?.cleanup()
})

async function afterTerm(name: string, term: (m: JsMsg) => void): Promise<{ data: string; count: number }> {
  const jsm = await jetstreamManager(nats.nc)
  await jsm.consumers.add(stream, {
    durable_name: name,
    filter_subject: `${nats.prefix}.term.${name}`,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(1000),
    max_ack_pending: 1,
  })
  const js = jetstream(nats.nc)
  await js.publish(`${nats.prefix}.term.${name}`, 'poison')
  await js.publish(`${nats.prefix}.term.${name}`, 'marker')
  const consumer = await js.consumers.get(stream, name)
  const first = (await consumer.next({ expires: 5000 }))!
  expect(first.string()).toBe('poison')
  term(first)
  const next = (await consumer.next({ expires: 5000 }))!
  next.ack()
  return { data: next.string(), count: next.info.deliveryCount }
}

const major = () => nats.nc.info!.version.split('.').map(Number)

it('a bare +TERM is honoured: the next message is the marker', async () => {
  expect(await afterTerm('bare', (m) => m.term())).toEqual({ data: 'marker', count: 1 })
})

it('nats-server before 2.10 ignores "+TERM <reason>": the termed message comes back (why we send a bare one)', async () => {
  const [maj, min] = major()
  const honoured = maj! > 2 || (maj === 2 && min! >= 10)
  const next = await afterTerm('with-reason', (m) => m.term('poison message'))
  expect(next).toEqual(honoured ? { data: 'marker', count: 1 } : { data: 'poison', count: 2 })
})
