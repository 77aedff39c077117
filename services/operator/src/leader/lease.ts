import { ConflictError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { TYPES, type KubeApi, type KubeObject } from '../kube/api.js'

/** Options of the leader elector. */
export interface LeaderElectionOptions {
  kube: KubeApi
  logger: Logger
  /** Where the Lease lives (the operator's namespace) and its name. */
  namespace: string
  name: string
  /** This replica (its pod name). */
  identity: string
  /** How long a lease holds without renewal (default 15 s). */
  leaseDurationMs?: number
  /** How often the leader renews, and others retry (default 5 s and 2 s). */
  renewEveryMs?: number
  retryEveryMs?: number
}

interface LeaseSpec {
  holderIdentity?: string
  leaseDurationSeconds?: number
  acquireTime?: string
  renewTime?: string
  leaseTransitions?: number
}
type Lease = KubeObject & { spec?: LeaseSpec }

/** metav1.MicroTime: RFC 3339 with exactly six fractional digits. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: a replica takes the lease
 * when it is free or expired and renews it while it leads; every write carries the lease's
 * resourceVersion, so of two replicas racing for it exactly one wins (the other gets a 409). A leader
 * that cannot renew before its lease expires stops leading (`onStopped`), and the operator exits, so
 * two replicas never reconcile at once.
 */
export class LeaderElector {
  private leading = false
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  private lastRenew = 0
  private readonly durationMs: number
  private readonly renewMs: number
  private readonly retryMs: number

  constructor(private readonly o: LeaderElectionOptions) {
    this.durationMs = o.leaseDurationMs ?? 15_000
    this.renewMs = o.renewEveryMs ?? 5_000
    this.retryMs = o.retryEveryMs ?? 2_000
  }

  get isLeader(): boolean {
    return this.leading
  }

  /** Runs until stopped: `onStarted` when this replica becomes leader, `onStopped` when it loses it. */
  run(callbacks: { onStarted(): void; onStopped(): void }): void {
    const tick = async () => {
      if (this.stopped) return
      let ok = false
      try {
        ok = await this.tryAcquireOrRenew()
      } catch (err) {
        this.o.logger.warn({ err }, 'leader election: could not read or write the lease')
      }
      if (this.stopped) return
      if (ok) {
        this.lastRenew = Date.now()
        if (!this.leading) {
          this.leading = true
          this.o.logger.info({ identity: this.o.identity }, 'leader election: became the leader')
          callbacks.onStarted()
        }
      } else if (this.leading && Date.now() - this.lastRenew > this.durationMs) {
        this.leading = false
        this.o.logger.error({ identity: this.o.identity }, 'leader election: lost the lease')
        callbacks.onStopped()
      }
      this.timer = setTimeout(() => void tick(), this.leading ? this.renewMs : this.retryMs)
    }
    void tick()
  }

  /** Stops electing; a leader gives the lease up so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (!this.leading) return
    this.leading = false
    const lease = await this.o.kube.get<Lease>(this.ref()).catch(() => undefined)
    if (lease?.spec?.holderIdentity === this.o.identity) {
      await this.o.kube
        .update({ ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 } })
        .catch(() => undefined)
    }
  }

  private ref() {
    return { ...TYPES.Lease, namespace: this.o.namespace, name: this.o.name }
  }

  /** One round: true when this replica holds the lease afterwards. */
  async tryAcquireOrRenew(now = new Date()): Promise<boolean> {
    const seconds = Math.ceil(this.durationMs / 1000)
    const lease = await this.o.kube.get<Lease>(this.ref())
    if (!lease) {
      try {
        await this.o.kube.create<Lease>({
          ...TYPES.Lease,
          metadata: { name: this.o.name, namespace: this.o.namespace },
          spec: {
            holderIdentity: this.o.identity,
            leaseDurationSeconds: seconds,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        })
        return true
      } catch (err) {
        if (err instanceof ConflictError) return false
        throw err
      }
    }
    const spec = lease.spec ?? {}
    const mine = spec.holderIdentity === this.o.identity
    const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0
    const expired =
      !spec.holderIdentity || renewed + (spec.leaseDurationSeconds ?? seconds) * 1000 < now.getTime()
    if (!mine && !expired) return false
    try {
      await this.o.kube.update<Lease>({
        ...lease,
        spec: {
          holderIdentity: this.o.identity,
          leaseDurationSeconds: seconds,
          acquireTime: mine ? spec.acquireTime : microTime(now),
          renewTime: microTime(now),
          leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
        },
      })
      return true
    } catch (err) {
      if (err instanceof ConflictError) return false
      throw err
    }
  }
}
