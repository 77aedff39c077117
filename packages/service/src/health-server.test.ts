import { createLogger } from '@switchboard/logging'
import { Counter, createMetricsRegistry } from '@switchboard/telemetry'
import { afterEach, describe, expect, it } from 'vitest'
import { startHealthServer, type HealthServer } from './health-server.js'

const logger = createLogger({ service: 'health-test', level: 'silent' })
let server: HealthServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('health server', () => {
  it('answers /healthz, /readyz and /metrics, and 404 elsewhere', async () => {
    const registry = createMetricsRegistry('health-test')
    new Counter({ name: 'health_test_total', help: 'a counter', registers: [registry] }).inc(3)
    let ready = false
    server = await startHealthServer({ host: '127.0.0.1', port: 0, registry, logger, ready: () => ready })
    const base = `http://127.0.0.1:${server.port}`

    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.text()).toBe('{"status":"ok"}')
    const notReady = await fetch(`${base}/readyz`)
    expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'not ready' }])
    ready = true
    expect(await (await fetch(`${base}/readyz?verbose`)).json()).toEqual({ status: 'ready' })

    const metrics = await fetch(`${base}/metrics`)
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await metrics.text()
    expect(text).toMatch(/^health_test_total\{service="health-test"\} 3$/m)
    expect(text).toMatch(/^process_resident_memory_bytes\{service="health-test"\} \d+/m)

    expect((await fetch(`${base}/other`)).status).toBe(404)
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405)
  })

  it('counts a readiness check that throws as not ready', async () => {
    server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      registry: createMetricsRegistry('health-test'),
      logger,
      ready: () => Promise.reject(new Error('database down')),
    })
    expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(503)
  })
})
