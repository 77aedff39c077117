import { ConflictError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { Counter, Histogram } from '@switchboard/telemetry'
import { WorkQueue } from './queue.js'

/** What a reconcile pass asks for: nothing more, or another pass after `requeueAfterMs` (0 = now). */
export interface Result {
  requeueAfterMs?: number
}

/** One reconcile pass for a `namespace/name` key. */
export type Reconcile = (key: string) => Promise<Result>

/** Metrics a controller reports, labelled by controller and outcome. */
export interface ControllerMetrics {
  reconciles: Counter<'controller' | 'outcome'>
  duration: Histogram<'controller'>
}

/** Options of a controller. */
export interface ControllerOptions {
  name: string
  reconcile: Reconcile
  logger: Logger
  /** Keys reconciled at once (never the same key twice at once). Default 2. */
  workers?: number
  metrics?: ControllerMetrics
  queue?: WorkQueue
}

/**
 * Workers draining one work queue into one reconciler. A pass that throws is retried with the key's
 * backoff: a write conflict (409) quietly, as the normal outcome of racing another writer; any other
 * error with a warning. A pass that succeeds resets the backoff and is requeued when it asks.
 */
export class Controller {
  readonly queue: WorkQueue
  private workers: Promise<void>[] = []

  constructor(private readonly o: ControllerOptions) {
    this.queue = o.queue ?? new WorkQueue()
  }

  start(): void {
    for (let i = 0; i < (this.o.workers ?? 2); i++) this.workers.push(this.work())
  }

  async stop(): Promise<void> {
    this.queue.shutdown()
    await Promise.all(this.workers)
  }

  /** Runs one pass for `key` now, as a worker would (tests drive controllers with it). */
  async runOnce(key: string): Promise<Result | Error> {
    const started = Date.now()
    try {
      const result = await this.o.reconcile(key)
      this.queue.forget(key)
      this.o.metrics?.reconciles.inc({ controller: this.o.name, outcome: 'ok' })
      return result
    } catch (err) {
      const conflict = err instanceof ConflictError
      this.o.metrics?.reconciles.inc({ controller: this.o.name, outcome: conflict ? 'conflict' : 'error' })
      const retryInMs = this.queue.addRateLimited(key)
      if (conflict) this.o.logger.debug({ key, retryInMs }, `${this.o.name}: write conflict, requeued`)
      else this.o.logger.warn({ err, key, retryInMs }, `${this.o.name}: reconcile failed, requeued`)
      return err as Error
    } finally {
      this.o.metrics?.duration.observe({ controller: this.o.name }, (Date.now() - started) / 1000)
    }
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get()
      if (key === undefined) return
      try {
        const result = await this.runOnce(key)
        if (!(result instanceof Error) && result.requeueAfterMs !== undefined) {
          this.queue.addAfter(key, result.requeueAfterMs)
        }
      } finally {
        this.queue.done(key)
      }
    }
  }
}
