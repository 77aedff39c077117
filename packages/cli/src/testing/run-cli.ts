import { runCli } from '../cli/main.js'

/** What one command printed, and its exit code. */
export interface CliRun {
  code: number
  out: string
  err: string
}

/** Runs a command line in-process, as `npx switchboard …` would, capturing its output. */
export async function cli(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; cwd: string; signal?: AbortSignal },
): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, {
    env: opts.env ?? {},
    cwd: opts.cwd,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    signal: opts.signal ?? new AbortController().signal,
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
