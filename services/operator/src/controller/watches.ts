import { keyOf, type KubeObject, type TypeRef } from '../kube/api.js'

/** The objects the operator's informers hold, by type (across the watched namespaces). */
export interface CacheView {
  list<T extends KubeObject>(type: TypeRef): T[]
}

/**
 * One watch a reconciler declares (controller-runtime's `Watches`): a change to an object of `type`
 * enqueues the keys (`namespace/name` of the reconciler's own kind) that `keysFor` returns.
 */
export interface Watch {
  type: TypeRef
  /** Keep only metadata in the cache (Secrets, ConfigMaps: values are read when reconciling). */
  metadataOnly?: boolean
  labelSelector?: string
  keysFor(obj: KubeObject, cache: CacheView): string[]
}

/** The reconciler's own kind: each object is its own key. */
export function watchSelf(type: TypeRef): Watch {
  return { type, keysFor: (obj) => [keyOf(obj)] }
}

/**
 * Objects of `kind` (from the cache) in the changed object's namespace that reference it by name,
 * as `pick` reads the reference: e.g. Installations whose configurationFrom names a Secret.
 */
export function watchReferenced<T extends KubeObject>(
  type: TypeRef,
  kind: TypeRef,
  pick: (o: T) => string | undefined,
  options: { metadataOnly?: boolean } = {},
): Watch {
  return {
    type,
    ...options,
    keysFor: (obj, cache) =>
      cache
        .list<T>(kind)
        .filter((o) => o.metadata.namespace === obj.metadata.namespace && pick(o) === obj.metadata.name)
        .map(keyOf),
  }
}

/** Objects (e.g. sandbox Deployments, selected by label) whose controlling owner is of `owner`'s kind. */
export function watchOwned(type: TypeRef, owner: TypeRef, labelSelector: string): Watch {
  return {
    type,
    metadataOnly: true,
    labelSelector,
    keysFor: (obj) =>
      (obj.metadata.ownerReferences ?? [])
        .filter((r) => r.kind === owner.kind)
        .map((r) => `${obj.metadata.namespace ?? ''}/${r.name}`),
  }
}
