/**
 * `npm run chaos`: the four services in their own processes under a steady webhook load, each killed
 * with `kill -9` once (and a sandboxed runner once), restarted ~2 s later; then the counts. Exits 1
 * when anything was lost, duplicated, out of order or dead-lettered. Settings (environment):
 * CHAOS_WEBHOOKS (2000), CHAOS_RATE (40/s), CHAOS_CONVERSATIONS (20), CHAOS_KILL (a comma list of
 * dispatcher, chat-api, runner, ingress, secrets), CHAOS_ALLOW_RERUN_DUPLICATES=1 (do not fail on
 * duplicates from handlers re-run after a crash, counted apart).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSink } from '@switchboard/dispatcher/testing'
import { startProcessPlatform } from '../loop/processes.js'
import { chaosFailures, formatChaos } from './report.js'
import { runChaos, type Victim } from './run.js'

const env = process.env
const kill = (env.CHAOS_KILL ?? 'dispatcher,chat-api,runner,ingress,secrets')
  .split(',')
  .filter(Boolean) as Victim[]
const logDir = await mkdtemp(join(tmpdir(), 'sb-chaos-'))
console.log(`logs in ${logDir}; starting the four services…`)
const sink = await startSink()
const platform = await startProcessPlatform({
  logDir,
  sandboxLoopbackPorts: [Number(new URL(sink.url).port)],
})
let result
try {
  result = await runChaos(
    platform,
    {
      webhooks: Number(env.CHAOS_WEBHOOKS ?? 2000),
      ratePerSecond: Number(env.CHAOS_RATE ?? 40),
      conversations: Number(env.CHAOS_CONVERSATIONS ?? 20),
      kill,
      restartAfterMs: 2000,
      settleTimeoutMs: Number(env.CHAOS_SETTLE_MS ?? 300_000),
      sink,
      log: (line) => console.log(line),
    },
    join(logDir, 'build'),
  )
} finally {
  await platform.close()
  await sink.close()
}
console.log('')
for (const k of result.kills)
  console.log(
    `kill -9 ${k.victim.padEnd(10)} at ${(k.atMs / 1000).toFixed(1)} s` +
      (k.readyAtMs ? `, ready again at ${(k.readyAtMs / 1000).toFixed(1)} s` : '') +
      (k.note ? ` (${k.note})` : ''),
  )
console.log(`load ${result.loadSeconds.toFixed(1)} s, settled ${result.settleSeconds.toFixed(1)} s later\n`)
for (const line of formatChaos(result.report)) console.log(line)
for (const reason of result.deadReasons) console.log(`  dead: ${reason}`)
const failures = chaosFailures(result.report, {
  allowRerunDuplicates: env.CHAOS_ALLOW_RERUN_DUPLICATES === '1',
})
console.log(
  failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nOK: nothing lost, duplicated or out of order',
)
console.log(`logs: ${logDir}`)
process.exit(failures.length ? 1 : 0)
