import { isRetryable } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import { keyOf, type KubeApi, type KubeObject, type ListOptions, type TypeRef } from '../kube/api.js'

/** What an informer reports: a change, or a periodic resync of an object it knows. */
export type InformerEvent = 'ADDED' | 'MODIFIED' | 'DELETED' | 'RESYNC'

/** Options of an informer. */
export interface InformerOptions extends ListOptions {
  /** Keep only metadata in the cache (Secrets, ConfigMaps: the values are read when needed). */
  metadataOnly?: boolean
  /** How often every cached object is reported again (default 5 minutes; 0 = never). */
  resyncMs?: number
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref())

/**
 * List, then watch from the list's resourceVersion; list again whenever the watch ends (a timeout, a
 * 410 Gone, a dropped connection). Keeps a cache by `namespace/name` and reports each change, and
 * objects that vanished between two lists as DELETED.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>()
  private stopped = false
  private stopWatch: (() => void) | undefined
  private resync: NodeJS.Timeout | undefined
  private loop: Promise<void> | undefined

  constructor(
    private readonly kube: KubeApi,
    readonly type: TypeRef,
    private readonly options: InformerOptions,
    private readonly handler: (event: InformerEvent, obj: T) => void,
    private readonly logger: Logger,
  ) {}

  /**
   * Lists once (resolves when the cache is filled), then keeps watching in the background. A list the
   * server cannot answer yet (e.g. 429 while a new CRD's storage initializes) is retried with backoff;
   * anything else (a 403 from RBAC) fails the start.
   */
  async start(): Promise<void> {
    let rv: string | undefined
    for (let attempt = 0; rv === undefined; attempt++) {
      try {
        rv = await this.relist()
      } catch (err) {
        if (this.stopped || !isRetryable(err)) throw err
        this.logger.warn({ err, kind: this.type.kind }, 'first list failed; trying again')
        await sleep(Math.min(250 * 2 ** attempt, 5000))
      }
    }
    this.loop = this.run(rv)
    const every = this.options.resyncMs ?? 300_000
    if (every > 0) {
      this.resync = setInterval(() => {
        for (const obj of this.cache.values()) this.handler('RESYNC', obj)
      }, every)
      this.resync.unref()
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.resync) clearInterval(this.resync)
    this.stopWatch?.()
    await this.loop
  }

  /** True when the cache keeps only metadata. */
  get metadataOnly(): boolean {
    return !!this.options.metadataOnly
  }

  /** Cached objects. */
  list(): T[] {
    return [...this.cache.values()]
  }

  /** A cached object by `namespace/name`. */
  get(key: string): T | undefined {
    return this.cache.get(key)
  }

  private keep(obj: T): T {
    if (!this.options.metadataOnly) return obj
    return { apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata } as T
  }

  private async relist(): Promise<string> {
    const { items, resourceVersion } = await this.kube.list<T>(this.type, this.options)
    const seen = new Set<string>()
    for (const obj of items) {
      const key = keyOf(obj)
      seen.add(key)
      const old = this.cache.get(key)
      this.cache.set(key, this.keep(obj))
      if (old?.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.handler(old ? 'MODIFIED' : 'ADDED', obj)
    }
    for (const [key, obj] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key)
        this.handler('DELETED', obj)
      }
    }
    return resourceVersion
  }

  private async run(firstRv: string): Promise<void> {
    let rv = firstRv
    while (!this.stopped) {
      try {
        const handle = await this.kube.watch(this.type, { ...this.options, resourceVersion: rv }, (e) => {
          const obj = e.object as T
          if (obj.metadata.resourceVersion) rv = obj.metadata.resourceVersion
          const key = keyOf(obj)
          if (e.type === 'DELETED') this.cache.delete(key)
          else this.cache.set(key, this.keep(obj))
          this.handler(e.type, obj)
        })
        this.stopWatch = handle.stop
        if (this.stopped) handle.stop()
        await handle.done
        if (this.stopped) return
        rv = await this.relist()
      } catch (err) {
        if (this.stopped) return
        this.logger.warn({ err, kind: this.type.kind }, 'watch failed; listing again shortly')
        await sleep(2000)
        try {
          rv = await this.relist()
        } catch {
          // the next round retries
        }
      }
    }
  }
}
