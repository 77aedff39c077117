import { describe, expect, it } from 'vitest'
import { WorkQueue } from './queue.js'

describe('WorkQueue', () => {
  it('hands each waiting key out once, however often it was added', async () => {
    const q = new WorkQueue()
    q.add('ns/a')
    q.add('ns/b')
    q.add('ns/a')
    expect(q.length).toBe(2)
    expect(await q.get()).toBe('ns/a')
    expect(await q.get()).toBe('ns/b')
    q.shutdown()
    expect(await q.get()).toBeUndefined()
  })

  it('never gives a key in process to a second worker, and processes it again if it changed meanwhile', async () => {
    const q = new WorkQueue()
    q.add('ns/a')
    const key = await q.get()
    q.add('ns/a') // an event while a worker reconciles it
    expect(q.length).toBe(0)
    q.done(key!)
    expect(q.length).toBe(1)
    expect(await q.get()).toBe('ns/a')
  })

  it('backs off per key, doubling until forgotten', () => {
    const q = new WorkQueue({ baseMs: 100, maxMs: 1000 })
    expect([1, 2, 3, 4, 5].map(() => q.addRateLimited('ns/a'))).toEqual([100, 200, 400, 800, 1000])
    expect(q.addRateLimited('ns/b')).toBe(100)
    q.forget('ns/a')
    expect(q.addRateLimited('ns/a')).toBe(100)
    q.shutdown()
  })

  it('requeues after a delay, keeping the earliest one', async () => {
    const q = new WorkQueue()
    q.addAfter('ns/a', 5000)
    q.addAfter('ns/a', 20)
    const started = Date.now()
    expect(await q.get()).toBe('ns/a')
    expect(Date.now() - started).toBeLessThan(1000)
    q.shutdown()
  })
})
