import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** Where `vite build` puts the web app. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../dist/web', import.meta.url))
const VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url))

/**
 * Builds the web app with Vite (a development dependency: images ship it built) unless `assetsDir`
 * already holds one; returns whether it built. For `switchboard dev` and the tests. The build runs in
 * its own process with NODE_ENV=production, so a test runner's NODE_ENV=test cannot make it a
 * development build.
 */
export async function ensureWebApp(assetsDir = DEFAULT_ASSETS_DIR): Promise<boolean> {
  if (existsSync(join(assetsDir, 'index.html'))) return false
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js')
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--config', VITE_CONFIG, '--outDir', assetsDir, '--emptyOutDir', '--logLevel', 'warn'],
    { env: { ...process.env, NODE_ENV: 'production' } },
  )
  return true
}
