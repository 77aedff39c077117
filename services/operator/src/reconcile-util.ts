import { NotFoundError } from '@switchboard/errors'
import type { ReconcilerDeps } from './deps.js'
import type { KubeObject } from './kube/api.js'

/** Awaits `p`, treating NotFound as done (deleting what is already gone). */
export async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p
  } catch (err) {
    if (err instanceof NotFoundError) return undefined
    throw err
  }
}

/** A Secret's values as strings (its `data` is base64; `stringData` is write-only). */
export function secretStrings(secret: KubeObject): Record<string, string> {
  const data = (secret as { data?: Record<string, string> }).data ?? {}
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  )
}

/**
 * Another resource of the same kind, in any watched namespace, that claims the same name at chat-api
 * and came first (older, or the same age and a smaller uid): `namespace/name`, or undefined. Names at
 * chat-api are cluster-wide, so the later resource must not overwrite the earlier one's registration.
 */
export async function olderRival<T extends KubeObject>(
  d: Pick<ReconcilerDeps, 'kube' | 'settings'>,
  obj: T,
  same: (other: T) => boolean,
): Promise<string | undefined> {
  const namespaces = d.settings.watchNamespaces.length ? d.settings.watchNamespaces : [undefined]
  const mine = [obj.metadata.creationTimestamp ?? '', obj.metadata.uid ?? '']
  for (const namespace of namespaces) {
    const { items } = await d.kube.list<T>({ apiVersion: obj.apiVersion, kind: obj.kind }, { namespace })
    for (const other of items) {
      if (other.metadata.uid === obj.metadata.uid || other.metadata.deletionTimestamp || !same(other))
        continue
      const theirs = [other.metadata.creationTimestamp ?? '', other.metadata.uid ?? '']
      if (theirs[0]! < mine[0]! || (theirs[0] === mine[0] && theirs[1]! < mine[1]!)) {
        return `${other.metadata.namespace}/${other.metadata.name}`
      }
    }
  }
  return undefined
}
