import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

// Beside this module: runner.ts when run from source (tests, tsx), runner.js in the compiled output.
const ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './runner.ts' : './runner.js', import.meta.url),
)

let built: Promise<string> | undefined

/**
 * Bundles the runner whose entry is `entry` (a runner.ts or runner.js) into one self-contained
 * CommonJS file and returns its source. `buildRunner` builds this package's own; a benchmark builds
 * another version of it to compare against.
 */
export async function bundleRunner(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  })
  const file = result.outputFiles[0]
  if (!file) throw new Error('esbuild produced no output for the runner')
  return file.text
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
