import { createHash, randomBytes } from 'node:crypto'
import { access, mkdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { definitionToJson, type IntegrationDefinitionJson } from './definition.js'

/** Where the sources of an integration are, relative to its directory (bp's layout by default). */
export interface BuildOptions {
  /** The implementation: default export an `Integration` (default `src/index.ts`). */
  implementation?: string
  /** The definition: default export an `IntegrationDefinition` (default `integration.definition.ts`). */
  definition?: string
  /** Output directory (default `dist`). */
  outDir?: string
}

/** A built integration: the bundle a sandbox runs and the definition chat-api registers. */
export interface BuiltIntegration {
  bundle: Buffer
  /** sha256 (hex) of `bundle`. */
  sha256: string
  definition: IntegrationDefinitionJson
  /** Absolute paths of the files written: `<outDir>/index.cjs` and `<outDir>/definition.json`. */
  bundlePath: string
  definitionPath: string
}

/** esbuild options of `bp build`: one CommonJS file for Node, names kept for the SDK's errors. */
const BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2020',
  keepNames: true,
  write: false,
  logLevel: 'silent',
} as const

/**
 * The registry reachable here has @botpress/sdk 7.2.4 but not the @botpress/client 2.x it was built
 * against; with client 1.45.0 the SDK's retry check calls `client.http.isNetworkOrIdempotentRequestError`,
 * which 1.45.0 names `axiosRetry.isNetworkOrIdempotentRequestError`, so every failed Runtime API call
 * became a TypeError inside handlers. This plugin gives the SDK's import of the client the missing
 * `http` helpers (only when they are missing); bundles built against a matching client are unchanged.
 */
const clientCompat: Plugin = {
  name: 'switchboard-botpress-client-compat',
  setup(b) {
    b.onResolve({ filter: /^@botpress\/client$/ }, (args) =>
      // The shim's own require of the client (from its namespace) resolves normally.
      args.namespace !== 'botpress-client-compat' && /[\\/]@botpress[\\/]sdk[\\/]/.test(args.importer)
        ? { path: args.importer, namespace: 'botpress-client-compat' }
        : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'botpress-client-compat' }, (args) => ({
      resolveDir: args.path.replace(/[\\/][^\\/]*$/, ''),
      loader: 'js',
      contents: [
        "const client = require('@botpress/client')",
        'module.exports = client.http || !client.axiosRetry',
        '  ? client',
        '  : { ...client, http: { isNetworkOrIdempotentRequestError: client.axiosRetry.isNetworkOrIdempotentRequestError } }',
      ].join('\n'),
    }))
  },
}

async function bundle(entry: { contents: string; resolveDir: string } | string): Promise<Buffer> {
  const result = await build({
    ...BUNDLE,
    plugins: [clientCompat],
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { ...entry, loader: 'ts', sourcefile: 'switchboard-entry.ts' } }),
  })
  const out = result.outputFiles[0]
  if (!out) throw new Error('esbuild produced no output')
  return Buffer.from(out.contents)
}

/** Bundles the definition file and evaluates it, the way `bp build` reads a definition. */
async function loadDefinition(file: string, outDir: string): Promise<unknown> {
  const code = await bundle(file)
  const tmp = join(outDir, `.definition-${randomBytes(6).toString('hex')}.cjs`)
  await writeFile(tmp, code)
  try {
    const mod = createRequire(import.meta.url)(tmp) as { default?: unknown }
    return mod.default ?? mod
  } finally {
    await rm(tmp, { force: true })
  }
}

/** esbuild entry re-exporting an SDK instance the way `bp build` does, so `.handler` is a named export too. */
function entryFor(implementation: string): string {
  return [
    `import x from ${JSON.stringify(`./${implementation.replace(/\.ts$/, '')}`)}`,
    'export default x',
    'export const handler = x.handler',
  ].join('\n')
}

/** Writes the bundle to `<outDir>/index.cjs` and returns its path and sha256. */
async function writeBundle(outDir: string, code: Buffer): Promise<{ bundlePath: string; sha256: string }> {
  const bundlePath = join(outDir, 'index.cjs')
  await writeFile(bundlePath, code)
  return { bundlePath, sha256: createHash('sha256').update(code).digest('hex') }
}

/**
 * Builds the integration in `dir` like `bp build` does: the implementation bundled by esbuild from an
 * entry that re-exports it (`export default x; export const handler = x.handler`) into
 * `dist/index.cjs`, and the definition, with its zui schemas as JSON Schema, into
 * `dist/definition.json`.
 */
export async function buildIntegration(dir: string, options: BuildOptions = {}): Promise<BuiltIntegration> {
  const root = resolve(dir)
  const outDir = resolve(root, options.outDir ?? 'dist')
  await mkdir(outDir, { recursive: true })
  const [code, definitionModule] = await Promise.all([
    bundle({ contents: entryFor(options.implementation ?? 'src/index.ts'), resolveDir: root }),
    loadDefinition(resolve(root, options.definition ?? 'integration.definition.ts'), outDir),
  ])
  const definition = definitionToJson(definitionModule)
  const definitionPath = join(outDir, 'definition.json')
  await writeFile(definitionPath, `${JSON.stringify(definition, null, 2)}\n`)
  return { bundle: code, definition, definitionPath, ...(await writeBundle(outDir, code)) }
}

/** What the platform reads from a bot's definition (`bot.definition.ts`): its recurring events. */
export interface BotDefinitionJson {
  recurringEvents?: Record<string, { type: string; payload?: unknown; schedule: { cron: string } }>
}

/** A built bot: the bundle a sandbox runs, and what its definition declares when it has one. */
export interface BuiltBot {
  bundle: Buffer
  sha256: string
  bundlePath: string
  definition?: BotDefinitionJson
}

/**
 * Builds the bot in `dir` (default export a `Bot` from `src/index.ts`) into `dist/index.cjs`, and
 * reads its `bot.definition.ts` (a `BotDefinition`) when there is one.
 */
export async function buildBot(dir: string, options: BuildOptions = {}): Promise<BuiltBot> {
  const root = resolve(dir)
  const outDir = resolve(root, options.outDir ?? 'dist')
  await mkdir(outDir, { recursive: true })
  const definitionFile = resolve(root, options.definition ?? 'bot.definition.ts')
  const hasDefinition = await access(definitionFile).then(
    () => true,
    () => false,
  )
  const [code, definition] = await Promise.all([
    bundle({ contents: entryFor(options.implementation ?? 'src/index.ts'), resolveDir: root }),
    hasDefinition ? loadDefinition(definitionFile, outDir) : undefined,
  ])
  const recurringEvents = (definition as BotDefinitionJson | undefined)?.recurringEvents
  return {
    bundle: code,
    ...(await writeBundle(outDir, code)),
    ...(hasDefinition && {
      definition: JSON.parse(JSON.stringify({ recurringEvents: recurringEvents ?? {} })),
    }),
  }
}

/** Either kind of build result. */
export type BuiltProject = ({ kind: 'integration' } & BuiltIntegration) | ({ kind: 'bot' } & BuiltBot)

/**
 * Builds the SDK project in `dir`: an integration when it has `integration.definition.ts`, else a bot
 * (`src/index.ts` default-exporting a `Bot`).
 */
export async function buildProject(dir: string, options: BuildOptions = {}): Promise<BuiltProject> {
  const hasDefinition = await access(resolve(dir, options.definition ?? 'integration.definition.ts')).then(
    () => true,
    () => false,
  )
  return hasDefinition
    ? { kind: 'integration', ...(await buildIntegration(dir, options)) }
    : { kind: 'bot', ...(await buildBot(dir, options)) }
}
