import { isDeepStrictEqual } from 'node:util'
import type { KubeApi, KubeObject } from '../kube/api.js'

/** The finalizer the operator puts on Integrations, Bots and Installations. */
export const FINALIZER = 'switchboard.dev/finalizer'

/**
 * Writes `status` when it differs from what the object has. The write carries the object's
 * resourceVersion, so a concurrent change makes it fail with ConflictError (and the pass is requeued).
 */
export async function writeStatus<T extends KubeObject>(
  kube: KubeApi,
  obj: T,
  status: unknown,
): Promise<void> {
  if (isDeepStrictEqual(obj.status ?? {}, status)) return
  await kube.updateStatus({ ...obj, status })
}

/** Adds the finalizer (one write). Returns false when it was already there. */
export async function addFinalizer(kube: KubeApi, obj: KubeObject): Promise<boolean> {
  const finalizers = obj.metadata.finalizers ?? []
  if (finalizers.includes(FINALIZER)) return false
  await kube.update({ ...obj, metadata: { ...obj.metadata, finalizers: [...finalizers, FINALIZER] } })
  return true
}

/** Removes the finalizer (the API server then deletes the object). */
export async function removeFinalizer(kube: KubeApi, obj: KubeObject): Promise<void> {
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== FINALIZER)
  await kube.update({ ...obj, metadata: { ...obj.metadata, finalizers } })
}

/** True while the object is being deleted and still carries our finalizer. */
export function finalizing(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(FINALIZER)
}

/** How long the object has been in deletion, in ms. */
export function deletingForMs(obj: KubeObject, now = Date.now()): number {
  return obj.metadata.deletionTimestamp ? now - Date.parse(obj.metadata.deletionTimestamp) : 0
}
