import type { Condition } from '@switchboard/resources'
import type { Result } from './controller.js'
import { setCondition, type ConditionInput } from './conditions.js'
import type { EventRecorder } from './events.js'
import { writeStatus } from './status.js'
import type { KubeApi, KubeObject } from '../kube/api.js'

/** An event to record with a status change. */
export interface EventInput {
  warning?: boolean
  reason: string
  message: string
}

/** The status fields every kind shares. */
export interface BaseStatus {
  conditions?: Condition[]
  observedGeneration?: number
}

/**
 * One reconcile pass's view of an object's status: steps set conditions and fields on a copy, and
 * `save` writes it once (with observedGeneration), recording an event only when something changed.
 */
export class StatusPass<S extends BaseStatus, O extends KubeObject & { status?: S }> {
  readonly status: S

  constructor(
    private readonly kube: KubeApi,
    private readonly events: EventRecorder,
    readonly obj: O,
  ) {
    this.status = structuredClone(obj.status ?? ({} as S))
  }

  /** Sets one condition, stamped with the generation this pass works from. */
  set(c: ConditionInput): void {
    this.status.conditions = setCondition(this.status.conditions, c, this.obj.metadata.generation)
  }

  /** Writes the status (with observedGeneration) and, when it changed, records `event`. */
  async save(requeueAfterMs?: number, event?: EventInput): Promise<Result> {
    this.status.observedGeneration = this.obj.metadata.generation
    await this.write(event)
    return requeueAfterMs === undefined ? {} : { requeueAfterMs }
  }

  /** Writes the status as it is (no observedGeneration: the pass has not finished) and records `event`. */
  async write(event?: EventInput): Promise<void> {
    const changed = JSON.stringify(this.status) !== JSON.stringify(this.obj.status ?? {})
    await writeStatus(this.kube, this.obj, this.status)
    if (event && changed) {
      const { events } = this
      await (event.warning ? events.warning : events.normal).call(
        events,
        this.obj,
        event.reason,
        event.message,
      )
    }
  }
}
