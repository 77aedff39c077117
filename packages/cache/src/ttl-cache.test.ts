import { describe, expect, it } from 'vitest'
import { TtlCache } from './ttl-cache.js'

describe('TtlCache', () => {
  it('forgets an entry when its TTL has passed', () => {
    const c = new TtlCache<string>(10)
    c.set('a', 'A', 1000, 0)
    expect(c.get('a', 999)).toBe('A')
    expect(c.get('a', 1000)).toBeUndefined()
    expect(c.size).toBe(0)
  })

  it('keeps at most maxEntries, evicting the oldest insertion', () => {
    const c = new TtlCache<number>(3)
    for (let i = 0; i < 5; i++) c.set(`k${i}`, i, 60_000, 0)
    expect(c.size).toBe(3)
    expect(c.get('k0', 1)).toBeUndefined()
    expect(c.get('k1', 1)).toBeUndefined()
    expect(c.get('k4', 1)).toBe(4)
    // Setting a key again moves it to the back of the line.
    c.set('k2', 20, 60_000, 0)
    c.set('k5', 5, 60_000, 0)
    expect(c.get('k2', 1)).toBe(20)
    expect(c.get('k3', 1)).toBeUndefined()
  })

  it('caches null (an unknown ID) like any value, and stores nothing for a TTL of 0', () => {
    const c = new TtlCache<string | null>(10)
    c.set('unknown', null, 5000, 0)
    expect(c.get('unknown', 1)).toBeNull()
    c.set('never', 'x', 0, 0)
    expect(c.get('never', 0)).toBeUndefined()
  })
})
