import { connect as tcpConnect } from 'node:net'
import { UnauthorizedError, UnavailableError } from '@switchboard/errors'
import { connectNats, natsNames, type NatsConnection, type NatsNames } from '@switchboard/nats'
import { promiseClient, protos, type AdminClient, type SecretsClient } from '@switchboard/proto'
import { CliError } from './errors.js'
import type { Settings } from './settings.js'

const START_HINT =
  'Start the platform with `npm run dev` (or `npx switchboard dev`) from the repository root, which also writes .switchboard/dev.env for this command'

/** True when something accepts TCP connections on `host:port` within `timeoutMs`. */
export function canConnect(hostPort: string, timeoutMs = 2000): Promise<boolean> {
  const i = hostPort.lastIndexOf(':')
  const host = hostPort.slice(0, i).replace(/^\[|\]$/g, '') || '127.0.0.1'
  const port = Number(hostPort.slice(i + 1))
  return new Promise((resolve) => {
    const s = tcpConnect({ host, port })
    const done = (ok: boolean) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(timeoutMs, () => done(false))
    s.once('connect', () => done(true))
    s.once('error', () => done(false))
  })
}

function origin(s: Settings, variable: string): string {
  return s.fromDevEnv.has(variable) ? `${variable} from ${s.stateDir}/dev.env` : variable
}

/** The admin API client, after checking there is a token and something listening. */
export async function adminClient(s: Settings): Promise<AdminClient> {
  if (!s.adminToken) {
    throw new CliError(`no admin token: set SWITCHBOARD_ADMIN_TOKEN. ${START_HINT}.`)
  }
  if (!(await canConnect(s.adminUrl))) {
    throw new CliError(
      `cannot reach the admin API (chat-api gRPC) at ${s.adminUrl} (${origin(s, 'SWITCHBOARD_ADMIN_URL')}). ${START_HINT}, or set SWITCHBOARD_ADMIN_URL to a running chat-api's gRPC address.`,
    )
  }
  return promiseClient(protos.admin.AdminService, s.adminUrl, { token: s.adminToken })
}

/** The secrets service client with the admin (write-only) identity. */
export async function secretsClient(s: Settings): Promise<SecretsClient> {
  if (!s.secretsToken) {
    throw new CliError(`no secrets token: set SWITCHBOARD_SECRETS_TOKEN. ${START_HINT}.`)
  }
  if (!(await canConnect(s.secretsUrl))) {
    throw new CliError(
      `cannot reach the secrets service at ${s.secretsUrl} (${origin(s, 'SWITCHBOARD_SECRETS_URL')}). ${START_HINT}, or set SWITCHBOARD_SECRETS_URL.`,
    )
  }
  return promiseClient(protos.secrets.SecretsService, s.secretsUrl, { token: s.secretsToken })
}

/** A NATS connection and the stream/subject names of the configured prefix. */
export async function natsFor(s: Settings): Promise<{ nc: NatsConnection; names: NatsNames }> {
  try {
    const nc = await connectNats(s.natsUrl, 'switchboard-cli')
    return { nc, names: natsNames(s.natsPrefix) }
  } catch (err) {
    throw new CliError(
      `cannot reach NATS at ${s.natsUrl} (${origin(s, 'NATS_URL')}): ${(err as Error).message}. ${START_HINT}, or set NATS_URL.`,
      1,
      { cause: err },
    )
  }
}

/** Turns errors of the platform's APIs into messages that say where and what to do. */
export function explain(err: unknown, s: Settings | undefined): unknown {
  if (!s) return err
  if (err instanceof UnauthorizedError) {
    return new CliError(
      `the platform refused the token (${err.message}): check SWITCHBOARD_ADMIN_TOKEN / SWITCHBOARD_SECRETS_TOKEN, or ${s.stateDir}/dev.env if \`switchboard dev\` wrote it`,
      1,
      { cause: err },
    )
  }
  if (err instanceof UnavailableError) {
    return new CliError(
      `the platform stopped answering (${err.message}); admin API ${s.adminUrl}, secrets ${s.secretsUrl}. ${START_HINT}.`,
      1,
      { cause: err },
    )
  }
  return err
}
