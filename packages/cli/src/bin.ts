/**
 * The `switchboard` command (`npx switchboard …`, see `switchboard help` and docs/cli.md): wires the
 * process — arguments, environment, working folder, stdout/stderr, Ctrl-C — to `runCli`.
 */
import { USAGE, wantsUsage } from './cli/usage.js'

const controller = new AbortController()
// `logs` ends its tail on Ctrl-C; `dev` handles its own signals (it stops every service and child
// first); any other command is simply interrupted.
if (process.argv.slice(2).includes('logs')) process.once('SIGINT', () => controller.abort())

const argv = process.argv.slice(2)
// `help` prints at once: the commands (which load every service) are imported only when one runs.
if (wantsUsage(argv)) {
  console.log(USAGE)
  process.exit(0)
}
const { runCli } = await import('./cli/main.js')
const code = await runCli(argv, {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  signal: controller.signal,
})
process.exitCode = code
// gRPC channels and sandbox processes are closed by now; exit even if a stray handle lingers.
setTimeout(() => process.exit(code), 200).unref()
