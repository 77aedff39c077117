import type { Subscription } from '@nats-io/nats-core'
import type { Logger } from '@switchboard/logging'
import type { HandlerLogRecord, NatsConnection, NatsNames } from '@switchboard/nats'

/** How many recent calls are kept per installation (the handler log and "last calls"). */
const PER_INSTALLATION = 50
/** How many recent calls are kept across installations (what the live page shows first). */
const RECENT = 200

/** One handler call as the console shows it. */
export type FeedEntry = HandlerLogRecord

/**
 * The live feed: every handler call the dispatchers report (`sb.logs.*`, webhooks included), kept in
 * short ring buffers and pushed to subscribers (the server-sent events of `/api/live`).
 */
export class LiveFeed {
  private readonly byInstallation = new Map<string, FeedEntry[]>()
  private readonly recentCalls: FeedEntry[] = []
  private readonly listeners = new Set<(e: FeedEntry) => void>()
  private sub: Subscription | undefined

  constructor(private readonly logger: Logger) {}

  /** Subscribes to the dispatchers' handler-call records. */
  start(nc: NatsConnection, names: NatsNames): void {
    this.sub = nc.subscribe(names.subjects.all.logs, {
      callback: (err, m) => {
        if (err) return this.logger.warn({ err }, 'live feed subscription failed')
        let e: FeedEntry
        try {
          e = m.json<FeedEntry>()
        } catch {
          return // a malformed record shows nothing
        }
        if (typeof e.installationId !== 'string' || typeof e.operation !== 'string') return
        this.add(e)
      },
    })
  }

  private add(e: FeedEntry): void {
    const list = this.byInstallation.get(e.installationId) ?? []
    list.push(e)
    if (list.length > PER_INSTALLATION) list.shift()
    this.byInstallation.set(e.installationId, list)
    this.recentCalls.push(e)
    if (this.recentCalls.length > RECENT) this.recentCalls.shift()
    for (const l of this.listeners) l(e)
  }

  /** The installation's recent calls, newest first. */
  calls(installationId: string): FeedEntry[] {
    return [...(this.byInstallation.get(installationId) ?? [])].reverse()
  }

  /** Recent calls across installations, oldest first. */
  recent(): FeedEntry[] {
    return [...this.recentCalls]
  }

  /** Calls `listener` for every new call until the returned function is called. */
  subscribe(listener: (e: FeedEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  stop(): void {
    this.sub?.unsubscribe()
    this.listeners.clear()
  }
}
