/** A small map with per-entry expiry and a size bound (oldest entries go first). */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The live value for `key`, or undefined. */
  get(key: string): V | undefined {
    const e = this.entries.get(key)
    if (!e) return undefined
    if (e.expires < Date.now()) {
      this.entries.delete(key)
      return undefined
    }
    return e.value
  }

  /** Stores `value` for the TTL. */
  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs })
  }

  /** Drops `key`. */
  delete(key: string): void {
    this.entries.delete(key)
  }

  /** Returns the cached value or loads, caches and returns it. Concurrent loads of one key are not merged. */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key)
    if (hit !== undefined) return hit
    const value = await load()
    this.set(key, value)
    return value
  }
}
