import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where `vite build` puts the web app. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../dist/web', import.meta.url))
const VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url))

/**
 * Builds the web app with Vite (a development dependency: images ship it built) unless `assetsDir`
 * already holds one; returns whether it built. For `switchboard dev` and the tests.
 */
export async function ensureWebApp(assetsDir = DEFAULT_ASSETS_DIR): Promise<boolean> {
  if (existsSync(join(assetsDir, 'index.html'))) return false
  const { build } = await import('vite')
  await build({ configFile: VITE_CONFIG, logLevel: 'warn', build: { outDir: assetsDir } })
  return true
}
