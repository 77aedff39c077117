import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { BuildOptions } from 'esbuild'

// Beside this module: runner.ts when run from source (tests, tsx), runner.js in the compiled output.
const ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './runner.ts' : './runner.js', import.meta.url),
)
const ESBUILD = createRequire(import.meta.url).resolve('esbuild')
/** Far above the runner's size (about 100 KB), so a bigger one fails loudly instead of truncating. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024

let built: Promise<string> | undefined

/**
 * Bundles the runner whose entry is `entry` (a runner.ts or runner.js) into one self-contained
 * CommonJS file and returns its source. `buildRunner` builds this package's own; a benchmark builds
 * another version of it to compare against.
 *
 * esbuild runs in a node child that exits when the bundle is written out. esbuild's JavaScript API
 * keeps its Go service running beside the caller for good once called, and the service pings the
 * caller many times a second: in a dispatcher, which bundles the runner once, that was an idle process
 * with two thirds of the dispatcher's idle wakeups and about a third of its idle CPU. Stopping the
 * service after the build instead would break a build another caller in the same process has under
 * way (the CLI's, in `switchboard dev`).
 */
export async function bundleRunner(entry: string): Promise<string> {
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  }
  const program = `require(${JSON.stringify(ESBUILD)})
  .build(${JSON.stringify(options)})
  .then((r) => process.stdout.write(r.outputFiles[0]?.text ?? ''))
  .catch((e) => { process.stderr.write(String(e.message)); process.exitCode = 1 })`
  // Without NODE_OPTIONS: a profiler or loader the caller runs under has no business in the child.
  const { NODE_OPTIONS: _, ...env } = process.env
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', program], {
    env,
    maxBuffer: MAX_OUTPUT_BYTES,
  }).catch((err: { stderr?: string; message: string }) => {
    throw new Error(`esbuild could not bundle the runner (${entry}): ${err.stderr || err.message}`)
  })
  if (!stdout) throw new Error('esbuild produced no output for the runner')
  return stdout
}

/**
 * Builds the runner (src/runner.ts) into one self-contained CommonJS file and returns its source, so a
 * sandbox can run it while allowed to read only two files: the runner and the bundle. Built once per
 * process; later calls return the same source.
 */
export function buildRunner(): Promise<string> {
  built ??= bundleRunner(ENTRY)
  built.catch(() => (built = undefined))
  return built
}
