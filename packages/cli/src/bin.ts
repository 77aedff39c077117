/**
 * The `switchboard` command (`npx switchboard …`, see `switchboard help` and docs/cli.md): wires the
 * process — arguments, environment, working folder, stdout/stderr, Ctrl-C — to `runCli`.
 */
import { runCli } from './cli/main.js'

const controller = new AbortController()
const [command] = process.argv.slice(2)
// `dev` handles its own signals (it stops every service and child first); others just end.
if (command !== 'dev') process.once('SIGINT', () => controller.abort())

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
