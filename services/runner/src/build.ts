import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

// Beside this module: runner.ts when run from source (tests, tsx), runner.js in the compiled output.
const ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './runner.ts' : './runner.js', import.meta.url),
)

let built: Promise<string> | undefined

/**
 * Builds the runner (src/runner.ts) into one self-contained CommonJS file and returns its source, so a
 * sandbox can run it while allowed to read only two files: the runner and the bundle. Built once per
 * process; later calls return the same source.
 */
export function buildRunner(): Promise<string> {
  built ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  }).then((result) => {
    const file = result.outputFiles[0]
    if (!file) throw new Error('esbuild produced no output for the runner')
    return file.text
  })
  built.catch(() => (built = undefined))
  return built
}
