import type { admin, AsyncService } from '@switchboard/proto'

/** An RPC of `switchboard.admin.v1.AdminService`. */
export type AdminRpc = keyof AsyncService<admin.AdminServiceHandlers> & string

/**
 * The identities AdminService knows, each configured by its own token (ARCHITECTURE.md §8): the
 * operator and the CLI hold `admin`; ingress holds `webhook-resolver`; the dispatcher `dispatcher`.
 */
export type AdminIdentity = 'admin' | 'webhook-resolver' | 'dispatcher'

/**
 * What each narrower identity may call; `admin` may call everything. A new RPC is admin-only until
 * it is added here. Token RPCs are further limited in their handlers: only `admin` creates tokens that
 * never expire, or revokes those.
 */
export const ADMIN_RPCS: Record<Exclude<AdminIdentity, 'admin'>, ReadonlySet<AdminRpc>> = {
  // Internet-facing: only webhook ID → installation (change notices come over NATS).
  'webhook-resolver': new Set<AdminRpc>(['ResolveWebhook']),
  // What services/dispatcher/src/registry and lifecycle call: read what a delivery needs, report
  // `register`/`unregister` outcomes, and keep its expiring sandbox tokens.
  dispatcher: new Set<AdminRpc>([
    'GetInstallation',
    'GetIntegration',
    'GetBot',
    'GetBundle',
    'ReportRegistration',
    'CreateToken',
    'RenewToken',
    'RevokeToken',
  ]),
}

/** True when `identity` may call `rpc`. */
export function mayCallAdmin(identity: AdminIdentity, rpc: string): boolean {
  return identity === 'admin' || ADMIN_RPCS[identity].has(rpc as AdminRpc)
}
