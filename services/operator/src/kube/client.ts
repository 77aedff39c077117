import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node'
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
} from '@switchboard/errors'
import {
  PLURALS,
  type KubeApi,
  type KubeObject,
  type ListOptions,
  type ObjectRef,
  type TypeRef,
  type WatchEvent,
  type WatchHandle,
} from './api.js'

/** Plain JSON: the client's typed models carry Date objects; reconcilers work on the wire format. */
const plain = <T>(v: unknown): T => JSON.parse(JSON.stringify(v)) as T

function mapError(err: unknown, what: string): Error {
  if (err instanceof ApiException) {
    const body = typeof err.body === 'string' ? err.body : JSON.stringify(err.body)
    const message = `${what}: ${err.code} ${(() => {
      try {
        return (JSON.parse(body) as { message?: string }).message ?? body
      } catch {
        return body
      }
    })()}`.slice(0, 1000)
    if (err.code === 401) return new UnauthorizedError(message, { cause: err })
    // RBAC said no: the message names the verb, resource and service account that lacked it.
    if (err.code === 403) return new ForbiddenError(message, { cause: err })
    if (err.code === 404) return new NotFoundError(message, { cause: err })
    if (err.code === 409) return new ConflictError(message, { cause: err })
    if (err.code === 400 || err.code === 422) return new InvalidInputError(message, { cause: err })
    return new UnavailableError(message, { cause: err })
  }
  return new UnavailableError(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
}

function path(type: TypeRef, namespace?: string): string {
  const plural = PLURALS[type.kind]
  if (!plural) throw new Error(`no REST path known for ${type.kind}`)
  const root = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`
  return namespace ? `${root}/namespaces/${namespace}/${plural}` : `${root}/${plural}`
}

/**
 * `KubeApi` over `@kubernetes/client-node`: the generic object API for reads and writes, the custom
 * objects API for the status subresource of Switchboard's kinds, and `Watch` for watches.
 */
export class ClientNodeKube implements KubeApi {
  private readonly objects: KubernetesObjectApi
  private readonly custom: CustomObjectsApi
  private readonly watcher: Watch

  constructor(kc: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(kc)
    this.custom = kc.makeApiClient(CustomObjectsApi)
    this.watcher = new Watch(kc)
  }

  /** In a pod: its service account; elsewhere: the kubeconfig (KUBECONFIG or ~/.kube/config). */
  static fromDefault(): ClientNodeKube {
    const kc = new KubeConfig()
    kc.loadFromDefault()
    return new ClientNodeKube(kc)
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return plain<T>(await this.objects.read(asSpec(ref)))
    } catch (err) {
      const e = mapError(err, `get ${ref.kind} ${ref.namespace}/${ref.name}`)
      if (e instanceof NotFoundError) return undefined
      throw e
    }
  }

  async list<T extends KubeObject>(type: TypeRef, options: ListOptions = {}) {
    try {
      const res = await this.objects.list(
        type.apiVersion,
        type.kind,
        options.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        options.labelSelector,
      )
      const items = plain<T[]>(res.items).map((o) => ({ ...o, apiVersion: type.apiVersion, kind: type.kind }))
      return { items, resourceVersion: res.metadata?.resourceVersion ?? '' }
    } catch (err) {
      throw mapError(err, `list ${type.kind}`)
    }
  }

  async watch(
    type: TypeRef,
    options: ListOptions & { resourceVersion: string },
    onEvent: (e: WatchEvent) => void,
  ): Promise<WatchHandle> {
    let finish!: () => void
    const done = new Promise<void>((r) => (finish = r))
    const controller = await this.watcher.watch(
      path(type, options.namespace),
      {
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: true,
        ...(options.labelSelector && { labelSelector: options.labelSelector }),
      },
      (phase, obj: KubeObject) => {
        if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') {
          onEvent({ type: phase, object: { ...obj, apiVersion: type.apiVersion, kind: type.kind } })
        } else if (phase === 'ERROR') {
          finish() // e.g. 410 Gone: the informer lists again
        }
      },
      () => finish(),
    )
    return { stop: () => controller.abort(), done }
  }

  async create<T extends KubeObject>(obj: T): Promise<T> {
    try {
      return plain<T>(await this.objects.create(obj as KubernetesObject))
    } catch (err) {
      throw mapError(err, `create ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`)
    }
  }

  async update<T extends KubeObject>(obj: T): Promise<T> {
    try {
      return plain<T>(await this.objects.replace(obj as KubernetesObject))
    } catch (err) {
      throw mapError(err, `update ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`)
    }
  }

  async updateStatus<T extends KubeObject>(obj: T): Promise<T> {
    const [group, version] = obj.apiVersion.split('/') as [string, string]
    try {
      return plain<T>(
        await this.custom.replaceNamespacedCustomObjectStatus({
          group,
          version,
          namespace: obj.metadata.namespace ?? '',
          plural: PLURALS[obj.kind] ?? '',
          name: obj.metadata.name,
          body: obj,
        }),
      )
    } catch (err) {
      throw mapError(err, `update status of ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`)
    }
  }

  async delete(ref: ObjectRef): Promise<void> {
    try {
      await this.objects.delete(asSpec(ref), undefined, undefined, undefined, undefined, 'Background')
    } catch (err) {
      const e = mapError(err, `delete ${ref.kind} ${ref.namespace}/${ref.name}`)
      if (!(e instanceof NotFoundError)) throw e
    }
  }
}

function asSpec(ref: ObjectRef): KubernetesObject & { metadata: { name: string } } {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace && { namespace: ref.namespace }) },
  }
}
