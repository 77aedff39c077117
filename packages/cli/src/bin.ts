/**
 * The `switchboard` command (`npx switchboard …`, see `switchboard help` and docs/cli.md): wires the
 * process — arguments, environment, working folder, stdout/stderr, Ctrl-C — to `runCli`.
 */
import { runCli } from './cli/main.js'

const controller = new AbortController()
// `logs` ends its tail on Ctrl-C; `dev` handles its own signals (it stops every service and child
// first); any other command is simply interrupted.
if (process.argv.slice(2).includes('logs')) process.once('SIGINT', () => controller.abort())

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  signal: controller.signal,
})
process.exitCode = code
// gRPC channels and sandbox processes are closed by now; exit even if a stray handle lingers.
setTimeout(() => process.exit(code), 200).unref()
