import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { applyManifests } from '../apply/apply.js'
import { deleteManifests } from '../apply/delete.js'
import { AppliedStore } from '../apply/record.js'
import { buildProject } from '../build/build.js'
import { dlqList, dlqReplay } from '../commands/dlq.js'
import { describe, get, kindOf } from '../commands/inspect.js'
import { followLogs } from '../commands/logs.js'
import { createBotToken } from '../commands/token.js'
import { runDev } from '../dev/dev.js'
import { loadManifests, ManifestError } from '../manifests/load.js'
import { adminClient, explain, natsFor, secretsClient } from './clients.js'
import { CliError, UsageError } from './errors.js'
import { loadSettings, type Settings } from './settings.js'
import { USAGE } from './usage.js'

export { USAGE }

/** Where a command runs: its environment, folder and output streams. */
export interface CliContext {
  env: Record<string, string | undefined>
  cwd: string
  out: (text: string) => void
  err: (text: string) => void
  /** Aborted on Ctrl-C (ends `logs`). */
  signal: AbortSignal
}

const OPTIONS = {
  filename: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o' },
  bot: { type: 'string' },
  name: { type: 'string' },
  all: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  let settings: Settings | undefined
  const settingsOf = () => (settings ??= loadSettings(ctx.env, ctx.cwd))
  try {
    let parsed
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
    const { values: flags, positionals } = parsed
    const [command, ...args] = positionals
    if (flags.help || command === 'help') {
      ctx.out(USAGE)
      return 0
    }
    if (!command) throw new UsageError('no command given')
    const output = outputOf(flags.output)
    return (await run(command, args, { ...flags, output }, ctx, settingsOf)) ?? 0
  } catch (err) {
    const e = explain(err, settings)
    if (e instanceof ManifestError) {
      ctx.err(e.message)
      ctx.err(
        `switchboard: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the manifests`,
      )
      return 1
    }
    if (e instanceof UsageError) {
      ctx.err(`switchboard: ${e.message}\n\n${USAGE}`)
      return 2
    }
    if (e instanceof CliError) {
      ctx.err(`switchboard: ${e.message}`)
      return e.exitCode
    }
    ctx.err(`switchboard: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return 1
  }
}

function outputOf(o: string | undefined): 'table' | 'json' {
  if (o === undefined || o === 'table') return 'table'
  if (o === 'json') return 'json'
  throw new UsageError(`-o ${o}: only json is supported`)
}

interface Flags {
  filename?: string[]
  output: 'table' | 'json'
  bot?: string
  name?: string
  all?: boolean
  force?: boolean
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || (Array.isArray(value) && !value.length))
    throw new UsageError(`${what} is required`)
  return value
}

async function run(
  command: string,
  args: string[],
  flags: Flags,
  ctx: CliContext,
  settingsOf: () => Settings,
): Promise<number | void> {
  switch (command) {
    case 'dev':
      // Its exit code: 0 after Ctrl-C, 1 when a child it needs died (it said why).
      return runDev({ cwd: ctx.cwd, env: ctx.env, out: ctx.out, err: ctx.err, manifests: flags.filename })
    case 'build': {
      const dir = args[0] ?? '.'
      const built = await buildProject(dir)
      const where = (p: string) => relative(ctx.cwd, p) || '.'
      const what =
        built.kind === 'integration'
          ? `integration ${built.definition.name}@${built.definition.version}`
          : 'bot'
      ctx.out(
        `built ${what}: ${where(built.bundlePath)} (${built.bundle.length} bytes, sha256 ${built.sha256})`,
      )
      if (built.kind === 'integration') ctx.out(`definition: ${where(built.definitionPath)}`)
      return
    }
    case 'apply':
    case 'delete': {
      const files = need(flags.filename, `${command} -f <file|dir>`)
      const manifests = await loadManifests(files, ctx.cwd)
      const s = settingsOf()
      const admin = await adminClient(s)
      const secrets = await secretsClient(s)
      try {
        const deps = {
          admin,
          secrets,
          store: new AppliedStore(s.stateDir, s.adminUrl),
          webhookBaseUrl: s.webhookBaseUrl,
          out: ctx.out,
          cwd: ctx.cwd,
        }
        if (command === 'apply') await applyManifests(manifests, deps)
        else await deleteManifests(manifests, deps, { force: flags.force })
      } finally {
        admin.close()
        secrets.close()
      }
      return
    }
    case 'get':
    case 'describe': {
      const kind = kindOf(args[0])
      const s = settingsOf()
      const admin = await adminClient(s)
      const deps = {
        admin,
        record: new AppliedStore(s.stateDir, s.adminUrl).record,
        webhookBaseUrl: s.webhookBaseUrl,
        out: ctx.out,
      }
      try {
        if (command === 'get') await get(kind, flags.output, deps)
        else await describe(kind, need(args[1], `describe ${args[0]} <name>`), flags.output, deps)
      } finally {
        admin.close()
      }
      return
    }
    case 'token': {
      if (args[0] !== 'create') throw new UsageError(`token ${args[0] ?? ''}: the only subcommand is create`)
      const s = settingsOf()
      const admin = await adminClient(s)
      try {
        await createBotToken(
          need(flags.bot, 'token create --bot <name>'),
          flags.name ?? 'cli',
          flags.output,
          {
            admin,
            apiUrl: s.apiUrl,
            out: ctx.out,
            err: ctx.err,
          },
        )
      } finally {
        admin.close()
      }
      return
    }
    case 'logs': {
      const ref = need(args[0], 'logs <installation>')
      const s = settingsOf()
      const admin = await adminClient(s)
      const { nc, names } = await natsFor(s)
      try {
        const record = new AppliedStore(s.stateDir, s.adminUrl).record
        await followLogs(ref, { admin, record, nc, names, out: ctx.out, err: ctx.err, signal: ctx.signal })
      } finally {
        admin.close()
        await nc.close()
      }
      return
    }
    case 'dlq': {
      const sub = args[0]
      if (sub !== 'list' && sub !== 'replay')
        throw new UsageError(`dlq ${sub ?? ''}: expected list or replay`)
      let which: number | 'all' = 'all'
      if (sub === 'replay') {
        if (!flags.all) {
          which = Number(need(args[1], 'dlq replay <seq> (or --all)'))
          if (!Number.isInteger(which) || which < 1)
            throw new UsageError(`dlq replay ${args[1]}: not a sequence number`)
        }
      }
      const { nc, names } = await natsFor(settingsOf())
      try {
        if (sub === 'list') await dlqList(flags.output, { nc, names, out: ctx.out })
        else await dlqReplay(which, { nc, names, out: ctx.out })
      } finally {
        await nc.close()
      }
      return
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`)
  }
}
