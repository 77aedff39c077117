import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostOf, startPlatform, startSink, type Platform, type Sink } from '@switchboard/dispatcher/testing'
import type { ServiceProcess } from '@switchboard/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runChaos } from './run.js'

/**
 * The CI-sized chaos run: a few hundred webhooks under load, two dispatchers, and the one running in a
 * process of its own killed with `kill -9` and restarted half-way. Nothing may be lost, and each
 * conversation's messages must reach the bot and the sink in the order they were created. (Duplicates
 * from handlers re-run after the crash are counted by `npm run chaos`, not asserted here.)
 */
let p: Platform
let child: ServiceProcess
let sink: Sink
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-chaos-ci-'))
  // Retries as in production (not the platform's fast test ones), so a slow moment on a busy CI
  // machine is retried rather than dead-lettered.
  p = await startPlatform({
    ACK_WAIT_MS: '2000',
    MAX_ATTEMPTS: '5',
    BACKOFF_BASE_MS: '500',
    INVOKE_TIMEOUT_MS: '15000',
  })
  // Before the spawned dispatcher, so its sandboxes may reach the sink (SANDBOX_LOOPBACK_PORTS).
  sink = await startSink()
  child = await p.spawnDispatcher(join(dir, 'dispatcher.log'))
}, 120_000)
afterAll(async () => {
  await p?.close()
  await sink?.close()
  await rm(dir, { recursive: true, force: true })
})

it('one dispatcher killed under load: every webhook stored, delivered to the bot and the sink, in order', async () => {
  const { report, deadReasons } = await runChaos(
    {
      host: hostOf(p),
      ingressUrl: p.ingressUrl,
      nats: p.chat.nats,
      query: async (sql, params) => (await p.chat.api.pool.query(sql, params)).rows,
      kill: async () => void (await child.kill9()),
      restart: () => child.restart(),
    },
    {
      webhooks: 200,
      ratePerSecond: 40,
      conversations: 10,
      kill: ['dispatcher'],
      restartAfterMs: 500,
      settleTimeoutMs: 60_000,
      sink,
    },
    join(dir, 'build'),
  )
  expect({ ...report, deadReasons }).toMatchObject({
    deadReasons: [],
    accepted: 200,
    storedMissing: 0,
    deliveredToBot: 200,
    handedToSink: 200,
    deadLetters: 0,
    botOrderViolations: 0,
    sinkOrderViolations: 0,
  })
}, 180_000)
