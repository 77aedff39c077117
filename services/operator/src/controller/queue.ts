/** Backoff of `addRateLimited`: doubles per consecutive failure of a key, from `baseMs` to `maxMs`. */
export interface Backoff {
  baseMs: number
  maxMs: number
}

/**
 * The work queue between informers and a reconciler (client-go's shape): keys (`namespace/name`) are
 * deduplicated while they wait; a key being processed is never handed to a second worker, and a key
 * added meanwhile is processed once more afterwards; `addAfter` delays, `addRateLimited` delays with a
 * per-key exponential backoff that `forget` resets.
 */
export class WorkQueue {
  private readonly queue: string[] = []
  private readonly queued = new Set<string>()
  private readonly processing = new Set<string>()
  private readonly dirty = new Set<string>()
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>()
  private readonly failures = new Map<string, number>()
  private readonly waiters: ((key: string | undefined) => void)[] = []
  private closed = false

  constructor(private readonly backoff: Backoff = { baseMs: 100, maxMs: 60_000 }) {}

  /** Queues `key` now (once, however often it is added). */
  add(key: string): void {
    if (this.closed) return
    if (this.processing.has(key)) {
      this.dirty.add(key)
      return
    }
    if (this.queued.has(key)) return
    const waiter = this.waiters.shift()
    if (waiter) {
      this.processing.add(key)
      waiter(key)
      return
    }
    this.queued.add(key)
    this.queue.push(key)
  }

  /** Queues `key` after `ms`; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (this.closed) return
    if (ms <= 0) return this.add(key)
    const at = Date.now() + ms
    const pending = this.timers.get(key)
    if (pending && pending.at <= at) return
    if (pending) clearTimeout(pending.timer)
    const timer = setTimeout(() => {
      this.timers.delete(key)
      this.add(key)
    }, ms)
    timer.unref()
    this.timers.set(key, { at, timer })
  }

  /** Queues `key` after its backoff (which then doubles). */
  addRateLimited(key: string): number {
    const n = this.failures.get(key) ?? 0
    this.failures.set(key, n + 1)
    const delay = Math.min(this.backoff.baseMs * 2 ** n, this.backoff.maxMs)
    this.addAfter(key, delay)
    return delay
  }

  /** Resets the backoff of `key` (it was processed successfully). */
  forget(key: string): void {
    this.failures.delete(key)
  }

  /** Consecutive failures of `key`. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0
  }

  /** The next key to process, waiting for one; undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined)
    const key = this.queue.shift()
    if (key !== undefined) {
      this.queued.delete(key)
      this.processing.add(key)
      return Promise.resolve(key)
    }
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Marks `key` processed; when it was added meanwhile, queues it again. */
  done(key: string): void {
    this.processing.delete(key)
    if (this.dirty.delete(key)) this.add(key)
  }

  /** Keys waiting now (not delayed ones). */
  get length(): number {
    return this.queue.length
  }

  /** Stops handing out keys; workers waiting in `get` receive undefined. */
  shutdown(): void {
    this.closed = true
    for (const { timer } of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    for (const w of this.waiters.splice(0)) w(undefined)
  }
}
