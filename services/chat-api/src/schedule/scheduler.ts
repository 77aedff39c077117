import { withTransaction, type Pool, type PoolClient, type Queryable } from '@switchboard/db'
import { SwitchboardError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'

/**
 * One kind of work that falls due in Postgres: scheduled events, scheduled messages, expired states,
 * recurring events. `deliverOne` claims one due row with `FOR UPDATE SKIP LOCKED` and hands it to the
 * outbox inside `tx`; it returns false when nothing is due.
 */
export interface DueWork {
  name: string
  /** Claims and delivers one due item inside `tx`; false when none is due. */
  deliverOne(tx: PoolClient): Promise<boolean>
  /** When the next item falls due, or null when none is waiting. */
  nextDue(db: Queryable): Promise<NextDue | null>
}

/** When a kind's next item falls due, and whether it is due now by the database's clock. */
export interface NextDue {
  at: Date
  due: boolean
}

/**
 * Runs `fn` under a savepoint: a domain error (the item can never be delivered: its conversation or
 * author is gone) rolls back only `fn` and is returned, so the caller can record the failure on the
 * row it still holds. Any other error propagates and the whole claim is retried later.
 */
export async function attempt(tx: PoolClient, fn: () => Promise<void>): Promise<SwitchboardError | null> {
  await tx.query('SAVEPOINT deliver')
  try {
    await fn()
    await tx.query('RELEASE SAVEPOINT deliver')
    return null
  } catch (err) {
    if (!(err instanceof SwitchboardError) || err.code === 'Internal' || err.code === 'Unavailable') throw err
    await tx.query('ROLLBACK TO SAVEPOINT deliver')
    return err
  }
}

/** Settings of the scheduler. */
export interface SchedulerOptions {
  pool: Pool
  logger: Logger
  work: DueWork[]
  /** Called after a round that enqueued outbox rows. */
  onOutbox: () => void
  /** Longest sleep between two looks (other replicas schedule too). */
  pollMs: number
}

/**
 * Delivers what falls due, at its time, exactly once across replicas (docs/adr/0008-scheduling.md):
 * each due row is claimed with `FOR UPDATE SKIP LOCKED` and handed to the transactional outbox in the
 * transaction that marks it delivered, so a crash at any point leaves it either due (delivered after
 * the restart) or delivered (never again). Between rounds it sleeps until the next due time, at most
 * `pollMs`; `wake(at)` brings an earlier due time forward.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined
  private timerAt = Infinity
  private running: Promise<void> | undefined
  /** The earliest wake-up asked for while a round ran. */
  private wokenDuringRound = Infinity
  private stopped = true

  constructor(private readonly opts: SchedulerOptions) {}

  /** Starts the loop. */
  start(): void {
    this.stopped = false
    this.runRound()
  }

  /** Something falls due at `at`: make sure the loop looks by then. */
  wake(at: Date): void {
    if (this.stopped) return
    if (this.running) this.wokenDuringRound = Math.min(this.wokenDuringRound, at.getTime())
    else if (at.getTime() < this.timerAt) this.sleepUntil(at.getTime())
  }

  /** Stops the loop and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  private runRound(): void {
    clearTimeout(this.timer)
    this.timerAt = Infinity
    this.wokenDuringRound = Infinity
    this.running = this.round()
      .catch((err) => {
        this.opts.logger.warn({ err }, 'scheduler round failed; will retry')
        return Date.now() + this.opts.pollMs
      })
      .then((next) => {
        this.running = undefined
        this.sleepUntil(Math.min(next, this.wokenDuringRound))
      })
  }

  private sleepUntil(t: number): void {
    if (this.stopped) return
    const at = Math.min(t, Date.now() + this.opts.pollMs)
    clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => this.runRound(), Math.max(0, at - Date.now()))
  }

  /**
   * Delivers everything due now; returns when to look next. Each kind is claimed only when the
   * database says its next item is due (its clock is the one the claims compare with), so a round
   * with nothing due is one statement per kind and no transaction.
   */
  private async round(): Promise<number> {
    let next = Date.now() + this.opts.pollMs
    for (const work of this.opts.work) {
      let due = await work.nextDue(this.opts.pool)
      if (due?.due) {
        while (!this.stopped && (await withTransaction(this.opts.pool, (tx) => work.deliverOne(tx)))) {
          // The publisher drains while a burst is still being claimed (a kick during its round coalesces).
          this.opts.onOutbox()
        }
        due = await work.nextDue(this.opts.pool)
      }
      if (due) next = Math.min(next, due.at.getTime())
    }
    // A due row another replica holds is not ours to deliver: look again shortly, not in a busy loop.
    return Math.max(next, Date.now() + 25)
  }
}
