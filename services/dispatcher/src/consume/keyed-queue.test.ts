import { expect, it } from 'vitest'
import { KeyedSerialQueue } from './keyed-queue.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

it('runs tasks of one key in order, one at a time, even when earlier ones are slower or fail', async () => {
  const q = new KeyedSerialQueue()
  const log: string[] = []
  const task =
    (name: string, ms: number, fail = false) =>
    async () => {
      log.push(`start ${name}`)
      await sleep(ms)
      log.push(`end ${name}`)
      if (fail) throw new Error(name)
    }
  await Promise.allSettled([
    q.run('conv', task('a', 30, true)),
    q.run('conv', task('b', 1)),
    q.run('conv', task('c', 10)),
  ])
  expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  expect(q.size).toBe(0)
})

it('runs different keys concurrently', async () => {
  const q = new KeyedSerialQueue()
  const log: string[] = []
  const task = (name: string, ms: number) => async () => {
    log.push(`start ${name}`)
    await sleep(ms)
    log.push(`end ${name}`)
  }
  await Promise.all([q.run('x', task('x', 30)), q.run('y', task('y', 5))])
  expect(log).toEqual(['start x', 'start y', 'end y', 'end x'])
})
