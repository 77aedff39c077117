/**
 * Runs tasks with the same key one after another, in submission order, and tasks with different
 * keys concurrently. Used so that the messages of one conversation are handled in order.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>()

  /** Queues `task` behind earlier tasks of `key`; resolves when it has run. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const prev = this.tails.get(key) ?? Promise.resolve()
    const next = prev.then(task, task)
    const tail = next.catch(() => undefined)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return next
  }

  /** Keys with a task queued or running. */
  get size(): number {
    return this.tails.size
  }
}
