/**
 * A map with a time-to-live per entry and a bounded size. When full, the oldest insertion is
 * evicted (FIFO: cheaper on the hot path than LRU bookkeeping, and the TTL refreshes entries anyway).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>()

  constructor(private readonly maxEntries: number) {}

  /** The value for `key` if present and not expired. */
  get(key: string, now = Date.now()): V | undefined {
    const e = this.entries.get(key)
    if (!e) return undefined
    if (e.expiresAt <= now) {
      this.entries.delete(key)
      return undefined
    }
    return e.value
  }

  /** Stores `value` for `ttlMs`; a TTL of 0 stores nothing. */
  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    if (ttlMs <= 0) return
    this.entries.delete(key)
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (oldest.done) break
      this.entries.delete(oldest.value)
    }
    this.entries.set(key, { value, expiresAt: now + ttlMs })
  }

  /** The live value for `key`, or loads it, stores it for `ttlMs` and returns it (concurrent loads of one key are not merged). */
  async getOrLoad(key: string, ttlMs: number, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key)
    if (hit !== undefined) return hit
    const value = await load()
    this.set(key, value, ttlMs)
    return value
  }

  /** Drops `key`. */
  delete(key: string): void {
    this.entries.delete(key)
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear()
  }

  /** Entries held (expired ones included until read). */
  get size(): number {
    return this.entries.size
  }
}
