import type { Subscription } from '@nats-io/nats-core'
import type { NatsConnection, NatsNames } from '@switchboard/nats'
import type { SandboxInfo, SandboxStatusRecord } from '@switchboard/sandbox'

/** A dispatcher that has not reported for this long is gone: its sandboxes are no longer shown. */
const STALE_MS = 30_000

/** One sandbox on one dispatcher, as the console shows it. */
export type SandboxRow = SandboxInfo & { dispatcher: string; reportedAt: string }

/** The latest sandbox status of every dispatcher (`sandboxStatus` records, read only). */
export class SandboxBoard {
  private readonly latest = new Map<string, SandboxStatusRecord>()
  private sub: Subscription | undefined

  /** Subscribes to the dispatchers' sandbox status. */
  start(nc: NatsConnection, names: NatsNames): void {
    this.sub = nc.subscribe(names.subjects.sandboxStatus, {
      callback: (_err, m) => {
        try {
          const r = m.json<SandboxStatusRecord>()
          if (typeof r.dispatcher === 'string' && Array.isArray(r.sandboxes)) this.latest.set(r.dispatcher, r)
        } catch {
          // a malformed record shows nothing
        }
      },
    })
  }

  /** Every sandbox of every dispatcher that reported recently. */
  rows(now = Date.now()): SandboxRow[] {
    const out: SandboxRow[] = []
    for (const [dispatcher, r] of this.latest) {
      if (now - Date.parse(r.time) > STALE_MS) {
        this.latest.delete(dispatcher)
        continue
      }
      for (const s of r.sandboxes) out.push({ ...s, dispatcher, reportedAt: r.time })
    }
    return out
  }

  stop(): void {
    this.sub?.unsubscribe()
  }
}
