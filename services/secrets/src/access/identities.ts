import { ForbiddenError, UnauthorizedError } from '@switchboard/errors'
import { bearerFrom, bearerIdentities, type AsyncService, type secrets } from '@switchboard/proto'

/** A gRPC method of SecretsService, as named in the audit log. */
export type Action = keyof AsyncService<secrets.SecretsServiceHandlers> & string

/** The identities the service knows, each configured by one token. */
export type Identity = 'reader' | 'admin'

/**
 * Who may call what. Only the reader (the dispatcher) sees plaintext; the admin (CLI, operator)
 * writes, deletes, rotates and reads the audit log, but never reads a value back.
 */
export const PERMISSIONS: Record<Action, readonly Identity[]> = {
  GetConfiguration: ['reader'],
  GetIntegrationSecrets: ['reader'],
  PutConfiguration: ['admin'],
  PutIntegrationSecrets: ['admin'],
  DeleteConfiguration: ['admin'],
  DeleteIntegrationSecrets: ['admin'],
  RotateKey: ['admin'],
  ListAudit: ['admin'],
}

/** The caller of one call: `name` is what the audit log records (never the token). */
export interface Caller {
  name: Identity | 'anonymous' | 'unknown'
  identity?: Identity
}

/** Call metadata, as the gRPC handlers receive it. */
export type CallMetadata = Parameters<typeof bearerFrom>[0]

/**
 * Builds the function that names the caller from its `authorization: Bearer` header (constant-time,
 * against every identity; see `bearerIdentities`). Never throws: an absent token is `anonymous`, a
 * token that matches nothing is `unknown`.
 */
export function createAuthenticator(tokens: Record<Identity, string>): (md: CallMetadata) => Caller {
  return bearerIdentities(tokens)
}

/**
 * Throws unless `caller` may perform `action`: no or unknown token → `UnauthorizedError`
 * (UNAUTHENTICATED), a known identity without the permission → `ForbiddenError` (PERMISSION_DENIED).
 */
export function authorize(caller: Caller, action: Action): void {
  if (!caller.identity) {
    throw new UnauthorizedError(caller.name === 'anonymous' ? 'missing bearer token' : 'unknown bearer token')
  }
  if (!PERMISSIONS[action].includes(caller.identity)) {
    throw new ForbiddenError(`the ${caller.identity} identity may not call ${action}`)
  }
}
