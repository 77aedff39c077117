import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { commonEnv, ConfigError, loadConfig, secret, z } from '@switchboard/config'
import { CliError } from './errors.js'

/** The folder `switchboard dev` keeps its state in (credentials, PGlite data, NATS store). */
export const STATE_DIR = '.switchboard'
/** The file `switchboard dev` writes its addresses and credentials to (mode 0600). */
export const DEV_ENV_FILE = 'dev.env'

/**
 * How the CLI reaches a platform. Each variable comes from the environment, else from
 * `.switchboard/dev.env` (written by `switchboard dev`), else the local defaults below.
 */
export const cliEnv = z.object({
  /** chat-api's gRPC address (AdminService), `host:port`. */
  SWITCHBOARD_ADMIN_URL: z.string().default('127.0.0.1:50051'),
  SWITCHBOARD_ADMIN_TOKEN: secret(z.string().optional()),
  /** The secrets service's gRPC address, `host:port`. */
  SWITCHBOARD_SECRETS_URL: z.string().default('127.0.0.1:50052'),
  /** The secrets service's admin token (writes configuration and secrets; never reads them). */
  SWITCHBOARD_SECRETS_TOKEN: secret(z.string().optional()),
  NATS_URL: commonEnv.NATS_URL,
  NATS_PREFIX: commonEnv.NATS_PREFIX,
  /** Public base URL of ingress: webhook URLs are `<base>/<webhookId>`. */
  SWITCHBOARD_WEBHOOK_BASE_URL: z.url().default('http://127.0.0.1:8080'),
  /** The Runtime API (`apiUrl` of @botpress/client). */
  SWITCHBOARD_API_URL: z.url().default('http://127.0.0.1:8081'),
})

/** The CLI's parsed connection settings. */
export interface Settings {
  adminUrl: string
  adminToken?: string
  secretsUrl: string
  secretsToken?: string
  natsUrl: string
  natsPrefix: string
  webhookBaseUrl: string
  apiUrl: string
  /** The state folder in use (where dev.env was found, or `<cwd>/.switchboard`). */
  stateDir: string
  /** The variables that came from dev.env rather than the environment, for error messages. */
  fromDevEnv: Set<string>
}

/** Finds `.switchboard/` in `cwd` or a parent that has a dev.env; else `<cwd>/.switchboard`. */
export function findStateDir(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, STATE_DIR, DEV_ENV_FILE))) return join(dir, STATE_DIR)
    if (dirname(dir) === dir) return join(resolve(cwd), STATE_DIR)
  }
}

/** Reads `export KEY=value` lines of a dev.env (missing file: nothing). */
export function readDevEnv(stateDir: string): Record<string, string> {
  const file = join(stateDir, DEV_ENV_FILE)
  if (!existsSync(file)) return {}
  const out: Record<string, string> = {}
  for (const m of readFileSync(file, 'utf8').matchAll(/^export (\w+)=(\S*)$/gm)) out[m[1]!] = m[2]!
  return out
}

/** Writes dev.env (mode 0600: it holds tokens and the master key), one `export KEY=value` per line. */
export function writeDevEnv(stateDir: string, values: Record<string, string>): string {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 })
  const file = join(stateDir, DEV_ENV_FILE)
  const body = [
    '# Written by `switchboard dev`: addresses and credentials of the local platform. Keep it private.',
    ...Object.entries(values).map(([k, v]) => `export ${k}=${v}`),
    '',
  ].join('\n')
  writeFileSync(file, body, { mode: 0o600 })
  return file
}

/** Resolves the settings from `env` over dev.env over the defaults. */
export function loadSettings(env: Record<string, string | undefined>, cwd: string): Settings {
  const stateDir = findStateDir(cwd)
  const devEnv = readDevEnv(stateDir)
  const merged: Record<string, string | undefined> = {}
  const fromDevEnv = new Set<string>()
  for (const key of Object.keys(cliEnv.shape)) {
    if (env[key]) merged[key] = env[key]
    else if (devEnv[key]) {
      merged[key] = devEnv[key]
      fromDevEnv.add(key)
    }
  }
  let c: z.infer<typeof cliEnv>
  try {
    c = loadConfig(cliEnv, merged)
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 1, { cause: err })
    throw err
  }
  return {
    adminUrl: hostPort(c.SWITCHBOARD_ADMIN_URL),
    adminToken: c.SWITCHBOARD_ADMIN_TOKEN,
    secretsUrl: hostPort(c.SWITCHBOARD_SECRETS_URL),
    secretsToken: c.SWITCHBOARD_SECRETS_TOKEN,
    natsUrl: c.NATS_URL,
    natsPrefix: c.NATS_PREFIX,
    webhookBaseUrl: c.SWITCHBOARD_WEBHOOK_BASE_URL.replace(/\/$/, ''),
    apiUrl: c.SWITCHBOARD_API_URL.replace(/\/$/, ''),
    stateDir,
    fromDevEnv,
  }
}

/** gRPC wants `host:port`; accept `http://host:port` too. */
function hostPort(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '')
}
