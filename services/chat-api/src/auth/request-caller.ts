import type { Queryable } from '@switchboard/db'
import type { IncomingHttpHeaders } from 'node:http'
import type { Caller } from './caller.js'
import { resolveCaller, type RuntimeCredentials } from './resolve-caller.js'

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** The Runtime API credentials of a request's headers (as @botpress/client sends them). */
export function credentialsOf(headers: IncomingHttpHeaders): RuntimeCredentials {
  const auth = header(headers, 'authorization')
  return {
    token: auth ? /^Bearer\s+(.+)$/i.exec(auth)?.[1] : undefined,
    botId: header(headers, 'x-bot-id'),
    integrationId: header(headers, 'x-integration-id'),
    integrationAlias: header(headers, 'x-integration-alias'),
  }
}

/** Authenticates a request of the Files or Tables API exactly as the Runtime API does. */
export function callerOf(db: Queryable, headers: IncomingHttpHeaders): Promise<Caller> {
  return resolveCaller(db, credentialsOf(headers))
}
