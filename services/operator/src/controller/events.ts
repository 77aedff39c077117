import { randomBytes } from 'node:crypto'
import type { Logger } from '@switchboard/logging'
import { TYPES, type KubeApi, type KubeObject } from '../kube/api.js'

/** Records Kubernetes Events on objects (what `kubectl describe` shows). */
export interface EventRecorder {
  normal(obj: KubeObject, reason: string, message: string): Promise<void>
  warning(obj: KubeObject, reason: string, message: string): Promise<void>
}

/**
 * Creates core/v1 Events. Recording never fails a reconcile: an event that cannot be written is
 * logged instead. Messages never carry configuration or secret values.
 */
export class KubeEventRecorder implements EventRecorder {
  constructor(
    private readonly kube: KubeApi,
    private readonly logger: Logger,
    private readonly instance: string,
  ) {}

  normal(obj: KubeObject, reason: string, message: string): Promise<void> {
    return this.record(obj, 'Normal', reason, message)
  }

  warning(obj: KubeObject, reason: string, message: string): Promise<void> {
    return this.record(obj, 'Warning', reason, message)
  }

  private async record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    const now = new Date().toISOString()
    const m = obj.metadata
    try {
      await this.kube.create({
        ...TYPES.Event,
        metadata: {
          name: `${m.name}.${Date.now().toString(16)}${randomBytes(3).toString('hex')}`,
          namespace: m.namespace,
        },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: m.name,
          namespace: m.namespace,
          uid: m.uid,
          resourceVersion: m.resourceVersion,
        },
        type,
        reason,
        message: message.slice(0, 1000),
        source: { component: 'switchboard-operator' },
        reportingComponent: 'switchboard.dev/operator',
        reportingInstance: this.instance,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      })
    } catch (err) {
      this.logger.warn({ err, kind: obj.kind, name: m.name, reason }, 'could not record an event')
    }
    const log = type === 'Warning' ? this.logger.warn.bind(this.logger) : this.logger.info.bind(this.logger)
    log({ kind: obj.kind, namespace: m.namespace, name: m.name, reason }, message)
  }
}
