import { describe, expect, it } from 'vitest'
import { bridgeSocketFor } from './loopback-bridges.js'

const sockets = new Map([
  [8081, '/run/sb/8081.sock'],
  [9000, '/run/sb/9000.sock'],
])

describe('which connections go straight to a bridge socket', () => {
  it('a TCP connection to a bridged port on the loopback, however the loopback is named', () => {
    expect(bridgeSocketFor({ host: '127.0.0.1', port: 8081 }, sockets)).toBe('/run/sb/8081.sock')
    expect(bridgeSocketFor({ host: 'localhost', port: '9000' }, sockets)).toBe('/run/sb/9000.sock')
    expect(bridgeSocketFor({ port: 8081 }, sockets)).toBe('/run/sb/8081.sock')
    expect(bridgeSocketFor({ host: null, port: 8081, path: null }, sockets)).toBe('/run/sb/8081.sock')
  })

  it('nothing else: other ports, other hosts, Unix sockets asked for by path', () => {
    expect(bridgeSocketFor({ host: '127.0.0.1', port: 5432 }, sockets)).toBeUndefined()
    expect(bridgeSocketFor({ host: '10.0.2.2', port: 8081 }, sockets)).toBeUndefined()
    expect(bridgeSocketFor({ host: '198.51.100.2', port: 9000 }, sockets)).toBeUndefined()
    expect(bridgeSocketFor({ host: '127.0.0.2', port: 8081 }, sockets)).toBeUndefined()
    expect(bridgeSocketFor({ path: '/run/postgresql/.s.PGSQL.5432', port: 8081 }, sockets)).toBeUndefined()
    expect(bridgeSocketFor({ host: '127.0.0.1' }, sockets)).toBeUndefined()
  })
})
