/**
 * The operator's view of the Kubernetes API: the few calls it makes, behind one small interface, so
 * reconcilers are tested against an in-memory fake and run against `@kubernetes/client-node`.
 * Errors are typed: `ConflictError` for a 409 (stale resourceVersion, or the object already exists),
 * `InvalidInputError` for a 400/422, `UnauthorizedError` for a 401, `ForbiddenError` for a 403 (RBAC),
 * `UnavailableError` for anything else.
 */

/** Object metadata as the operator reads and writes it. */
export interface Meta {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  finalizers?: string[]
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[]
  generateName?: string
  [key: string]: unknown
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: Meta
  [key: string]: unknown
}

/** A type of object: apiVersion and kind. */
export interface TypeRef {
  apiVersion: string
  kind: string
}

/** One object by type, namespace and name. */
export interface ObjectRef extends TypeRef {
  namespace?: string
  name: string
}

/** Options of list and watch. */
export interface ListOptions {
  /** Only this namespace (all namespaces when unset). */
  namespace?: string
  labelSelector?: string
}

/** One change seen by a watch. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: KubeObject
}

/** A running watch. `done` settles when it ends (an error, a 410 Gone, the server closing it). */
export interface WatchHandle {
  stop(): void
  done: Promise<void>
}

/** The calls the operator makes. */
export interface KubeApi {
  /** The object, or undefined when it does not exist. */
  get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined>
  list<T extends KubeObject>(
    type: TypeRef,
    options?: ListOptions,
  ): Promise<{ items: T[]; resourceVersion: string }>
  /** Watches from `resourceVersion` (what `list` returned). */
  watch(
    type: TypeRef,
    options: ListOptions & { resourceVersion: string },
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle>
  create<T extends KubeObject>(obj: T): Promise<T>
  /** Replaces the object (not its status); `metadata.resourceVersion` must be current. */
  update<T extends KubeObject>(obj: T): Promise<T>
  /** Replaces the status subresource; `metadata.resourceVersion` must be current. */
  updateStatus<T extends KubeObject>(obj: T): Promise<T>
  /** Deletes the object; nothing happens when it is already gone. */
  delete(ref: ObjectRef): Promise<void>
}

/** `namespace/name` of an object: the work queue's key. */
export function keyOf(obj: { metadata: { namespace?: string; name: string } }): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`
}

/** The namespace and name of a work queue key. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/')
  return { namespace: key.slice(0, i), name: key.slice(i + 1) }
}

/** Reference to an object, from the object. */
export function refOf(obj: KubeObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
  }
}

/** Types the operator watches and writes, with their REST names. */
export const TYPES = {
  Integration: { apiVersion: 'switchboard.dev/v1alpha1', kind: 'Integration' },
  Bot: { apiVersion: 'switchboard.dev/v1alpha1', kind: 'Bot' },
  Installation: { apiVersion: 'switchboard.dev/v1alpha1', kind: 'Installation' },
  Secret: { apiVersion: 'v1', kind: 'Secret' },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap' },
  Service: { apiVersion: 'v1', kind: 'Service' },
  Event: { apiVersion: 'v1', kind: 'Event' },
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  Lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' },
} as const satisfies Record<string, TypeRef>

/** The plural (URL) name of each kind the operator uses. */
export const PLURALS: Record<string, string> = {
  Integration: 'integrations',
  Bot: 'bots',
  Installation: 'installations',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
  Service: 'services',
  Event: 'events',
  Deployment: 'deployments',
  NetworkPolicy: 'networkpolicies',
  Lease: 'leases',
}
