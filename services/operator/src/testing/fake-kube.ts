import { randomUUID } from 'node:crypto'
import { ConflictError, NotFoundError } from '@switchboard/errors'
import {
  refOf,
  type KubeApi,
  type KubeObject,
  type ListOptions,
  type ObjectRef,
  type TypeRef,
  type WatchEvent,
  type WatchHandle,
} from '../kube/api.js'

type Op = 'create' | 'update' | 'updateStatus' | 'delete'

interface Watcher {
  type: TypeRef
  options: ListOptions
  onEvent: (e: WatchEvent) => void
}

const clone = <T>(v: T): T => structuredClone(v)

/** Kinds whose `status` is a subresource: `update` keeps it, `updateStatus` only writes it. */
const STATUS_SUBRESOURCE = /^(switchboard\.dev\/|apps\/)/

/**
 * An in-memory Kubernetes API with the semantics reconcilers rely on: resourceVersion preconditions
 * (409 on a stale write), `generation` bumped by spec changes, the status subresource, finalizers and
 * `deletionTimestamp`, garbage collection of owned objects, label selectors and watches. Tests can make
 * the next write fail and play the kubelet by setting a Deployment's status.
 */
export class FakeKube implements KubeApi {
  private readonly objects = new Map<string, KubeObject>()
  private readonly watchers = new Set<Watcher>()
  private readonly failures: { op: Op; kind: string; error: Error }[] = []
  private rv = 0
  /** Every write, in order: `create Deployment team/sb-x`. */
  readonly writes: string[] = []

  private id(ref: ObjectRef | KubeObject): string {
    const r = 'metadata' in ref ? refOf(ref) : ref
    return `${r.apiVersion}|${r.kind}|${r.namespace ?? ''}|${r.name}`
  }

  /** Makes the next `op` on `kind` fail with `error` (a 409 by default). */
  failNext(
    op: Op,
    kind: string,
    error: Error = new ConflictError('the object has been modified (injected)'),
  ): void {
    this.failures.push({ op, kind, error })
  }

  private maybeFail(op: Op, kind: string): void {
    const i = this.failures.findIndex((f) => f.op === op && f.kind === kind)
    if (i >= 0) throw this.failures.splice(i, 1)[0]!.error
  }

  private record(op: Op, obj: KubeObject): void {
    this.writes.push(`${op} ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`)
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    const o = this.objects.get(this.id(ref))
    return o ? (clone(o) as T) : undefined
  }

  async list<T extends KubeObject>(type: TypeRef, options: ListOptions = {}) {
    const items = [...this.objects.values()]
      .filter((o) => matches(o, type, options))
      .map((o) => clone(o) as T)
    return { items, resourceVersion: String(this.rv) }
  }

  async watch(
    type: TypeRef,
    options: ListOptions & { resourceVersion: string },
    onEvent: (e: WatchEvent) => void,
  ): Promise<WatchHandle> {
    const w: Watcher = { type, options, onEvent }
    this.watchers.add(w)
    let end!: () => void
    const done = new Promise<void>((r) => (end = r))
    return {
      stop: () => {
        this.watchers.delete(w)
        end()
      },
      done,
    }
  }

  private emit(type: WatchEvent['type'], obj: KubeObject): void {
    for (const w of this.watchers) {
      if (matches(obj, w.type, w.options)) {
        const event = { type, object: clone(obj) }
        queueMicrotask(() => w.onEvent(event))
      }
    }
  }

  async create<T extends KubeObject>(input: T): Promise<T> {
    this.maybeFail('create', input.kind)
    const obj = clone(input)
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomUUID().slice(0, 5)}`
    }
    if (this.objects.has(this.id(obj)))
      throw new ConflictError(`${obj.kind} ${obj.metadata.name} already exists`)
    if (STATUS_SUBRESOURCE.test(obj.apiVersion)) delete obj.status
    obj.metadata = {
      ...obj.metadata,
      uid: randomUUID(),
      resourceVersion: String(++this.rv),
      generation: 1,
      creationTimestamp: new Date().toISOString(),
    }
    this.objects.set(this.id(obj), obj)
    this.record('create', obj)
    this.emit('ADDED', obj)
    return clone(obj) as T
  }

  private current(input: ObjectRef | KubeObject, rv: string | undefined): KubeObject {
    const ref = 'metadata' in input ? refOf(input) : input
    const cur = this.objects.get(this.id(ref))
    if (!cur) throw new NotFoundError(`${ref.kind} ${ref.namespace}/${ref.name}`)
    if (rv !== undefined && rv !== cur.metadata.resourceVersion) {
      throw new ConflictError(
        `Operation cannot be fulfilled on ${ref.kind} ${ref.name}: the object has been modified`,
      )
    }
    return cur
  }

  async update<T extends KubeObject>(input: T): Promise<T> {
    this.maybeFail('update', input.kind)
    const cur = this.current(input, input.metadata.resourceVersion)
    const next = clone(input)
    if (STATUS_SUBRESOURCE.test(next.apiVersion)) (next as KubeObject).status = clone(cur.status)
    const specChanged = JSON.stringify(specOf(cur)) !== JSON.stringify(specOf(next))
    next.metadata = {
      ...next.metadata,
      uid: cur.metadata.uid,
      creationTimestamp: cur.metadata.creationTimestamp,
      deletionTimestamp: cur.metadata.deletionTimestamp,
      generation: (cur.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      resourceVersion: String(++this.rv),
    }
    this.record('update', next)
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) {
      this.remove(next)
      return clone(next) as T
    }
    this.objects.set(this.id(next), next)
    this.emit('MODIFIED', next)
    return clone(next) as T
  }

  async updateStatus<T extends KubeObject>(input: T): Promise<T> {
    this.maybeFail('updateStatus', input.kind)
    const cur = this.current(input, input.metadata.resourceVersion)
    const next: KubeObject = { ...clone(cur), status: clone(input.status) }
    next.metadata = { ...next.metadata, resourceVersion: String(++this.rv) }
    this.objects.set(this.id(next), next)
    this.record('updateStatus', next)
    this.emit('MODIFIED', next)
    return clone(next) as unknown as T
  }

  async delete(ref: ObjectRef): Promise<void> {
    this.maybeFail('delete', ref.kind)
    const cur = this.objects.get(this.id(ref))
    if (!cur) return
    this.record('delete', cur)
    if (cur.metadata.finalizers?.length) {
      if (!cur.metadata.deletionTimestamp) {
        cur.metadata.deletionTimestamp = new Date().toISOString()
        cur.metadata.resourceVersion = String(++this.rv)
        this.emit('MODIFIED', cur)
      }
      return
    }
    this.remove(cur)
  }

  private remove(obj: KubeObject): void {
    this.objects.delete(this.id(obj))
    this.emit('DELETED', obj)
    // Garbage collection of dependents (ownerReferences), as the controller manager does.
    for (const o of [...this.objects.values()]) {
      if (o.metadata.ownerReferences?.some((r) => r.uid === obj.metadata.uid)) void this.delete(refOf(o))
    }
  }

  /** Sets an object's status without a precondition, as a controller (the kubelet) would. */
  async setStatus(ref: ObjectRef, status: unknown): Promise<void> {
    const cur = this.current(ref, undefined)
    cur.status = clone(status)
    cur.metadata.resourceVersion = String(++this.rv)
    this.emit('MODIFIED', cur)
  }

  /** Every object of a type, for assertions. */
  all(type: TypeRef): KubeObject[] {
    return [...this.objects.values()].filter((o) => matches(o, type, {})).map(clone)
  }
}

function specOf(o: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = o
  return rest
}

/** Equality-based label selectors: `a=b,c!=d,e`. */
export function selectorMatches(selector: string | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return true
  return selector.split(',').every((term) => {
    const t = term.trim()
    if (t.includes('!=')) {
      const [k, v] = t.split('!=') as [string, string]
      return labels[k] !== v
    }
    if (t.includes('=')) {
      const [k, v] = t.split(/==?/) as [string, string]
      return labels[k] === v
    }
    return t in labels
  })
}

function matches(o: KubeObject, type: TypeRef, options: ListOptions): boolean {
  return (
    o.apiVersion === type.apiVersion &&
    o.kind === type.kind &&
    (!options.namespace || o.metadata.namespace === options.namespace) &&
    selectorMatches(options.labelSelector, o.metadata.labels)
  )
}
