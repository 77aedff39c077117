import type { Metadata } from '@grpc/grpc-js'
import type { NatsNames } from '@switchboard/nats'
import { InvalidInputError } from '@switchboard/errors'
import type { AsyncService, admin } from '@switchboard/proto'
import { deleteBot, getBot, listBots, putBot, type BotRecord } from '../registry/bots.js'
import { getBundle } from '../registry/bundles.js'
import {
  createInstallation,
  deleteInstallation,
  getInstallation,
  listInstallations,
  reportRegistration,
  updateInstallation,
  type InstallationRecord,
  type LifecycleDeps,
} from '../registry/installations.js'
import {
  deleteIntegration,
  getIntegration,
  listIntegrations,
  putIntegration,
  type IntegrationDefinition,
  type IntegrationRecord,
} from '../registry/integrations.js'
import { createToken, listTokens, renewToken, revokeToken, type TokenRecord } from '../registry/tokens.js'
import type { AdminIdentity } from '../auth/admin-identities.js'

function integrationMsg(r: IntegrationRecord): admin.Integration {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    definitionJson: JSON.stringify(r.definition),
    bundleSha256: r.bundleSha256 ?? '',
    webhook: { idempotencyKey: r.webhook.idempotencyKey ?? '', syncTimeoutMs: r.webhook.syncTimeoutMs ?? 0 },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}
function botMsg(r: BotRecord): admin.Bot {
  return {
    id: r.id,
    name: r.name,
    bundleSha256: r.bundleSha256 ?? '',
    endpoint: r.endpointUrl ? { url: r.endpointUrl, signingSecret: '' } : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}
/** Maps an installation record to its protobuf message. */
export function installationMsg(r: InstallationRecord): admin.Installation {
  return {
    id: r.id,
    botId: r.botId,
    integrationId: r.integrationId,
    integrationName: r.integrationName,
    integrationVersion: r.integrationVersion,
    alias: r.alias,
    webhookId: r.webhookId,
    enabled: r.enabled,
    identifier: r.identifier ?? '',
    registration: r.registration,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}
function tokenMsg(r: TokenRecord, secret = ''): admin.Token {
  return {
    id: r.id,
    kind: r.kind,
    botId: r.botId ?? '',
    integrationId: r.integrationId ?? '',
    name: r.name,
    createdAt: r.createdAt,
    secret,
    expiresAt: r.expiresAt ?? '',
  }
}

function parseDefinition(json: string): IntegrationDefinition {
  try {
    const v = JSON.parse(json || '{}') as unknown
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object')
    return v as IntegrationDefinition
  } catch (err) {
    throw new InvalidInputError('definitionJson: must be a JSON object', { cause: err })
  }
}

/** What the admin service needs: lifecycle deps, and a hook announcing installation changes. */
export interface AdminServiceDeps extends LifecycleDeps {
  names: NatsNames
  /** Lets caches (ingress, dispatcher) drop an installation that changed. */
  onInstallationChanged: (installationId: string, webhookId: string) => void
  /** Lets the Runtime API's authentication cache drop a revoked token. */
  onTokenRevoked: (tokenId: string) => void
  /** The identity of a call the service's guard let through. */
  identityOf: (md: Metadata) => AdminIdentity
}

/** `switchboard.admin.v1.AdminService`: the registry of integrations, bots, installations and tokens. */
export function adminService(deps: AdminServiceDeps): AsyncService<admin.AdminServiceHandlers> {
  const { pool } = deps
  const changed = (r: InstallationRecord) => {
    deps.onInstallationChanged(r.id, r.webhookId)
    return r
  }
  return {
    PutIntegration: async (req) => {
      const r = await putIntegration(pool, {
        name: req.name,
        version: req.version,
        definition: parseDefinition(req.definitionJson),
        bundle: req.bundle,
        webhook: {
          ...(req.webhook?.idempotencyKey && { idempotencyKey: req.webhook.idempotencyKey }),
          ...(req.webhook?.syncTimeoutMs && { syncTimeoutMs: req.webhook.syncTimeoutMs }),
        },
      })
      // Its installations' webhook settings (idempotency key, sync timeout) may have changed.
      ;(await listInstallations(pool, { integrationId: r.id })).forEach(changed)
      return integrationMsg(r)
    },
    GetIntegration: async (req) => integrationMsg(await getIntegration(pool, req)),
    ListIntegrations: async () => ({ integrations: (await listIntegrations(pool)).map(integrationMsg) }),
    DeleteIntegration: async (req) => {
      await deleteIntegration(pool, req.id)
      return {}
    },
    GetBundle: async (req) => ({ sha256: req.sha256, content: await getBundle(pool, req.sha256) }),

    PutBot: async (req) =>
      botMsg(await putBot(pool, { name: req.name, bundle: req.bundle, endpointUrl: req.endpoint?.url })),
    GetBot: async (req) => botMsg(await getBot(pool, req)),
    ListBots: async () => ({ bots: (await listBots(pool)).map(botMsg) }),
    DeleteBot: async (req) => {
      const installs = await listInstallations(pool, { botId: req.id })
      await deleteBot(pool, req.id)
      installs.forEach(changed)
      return {}
    },

    CreateInstallation: async (req) => installationMsg(changed(await createInstallation(deps, req))),
    UpdateInstallation: async (req) => installationMsg(changed(await updateInstallation(deps, req))),
    GetInstallation: async (req) => installationMsg(await getInstallation(pool, req)),
    ListInstallations: async (req) => ({
      installations: (await listInstallations(pool, req)).map(installationMsg),
    }),
    DeleteInstallation: async (req) => {
      changed(await deleteInstallation(deps, req.id, req.force))
      return {}
    },
    ReportRegistration: async (req) => {
      const before = await getInstallation(pool, { id: req.installationId })
      const after = await reportRegistration(pool, req)
      changed(before)
      // Deleted after its unregister: answer with its last state.
      return installationMsg(
        after ?? { ...before, registration: { ...before.registration, state: 'unregistering' } },
      )
    },

    CreateToken: async (req, call) => {
      const r = await createToken(pool, req, { allowForever: deps.identityOf(call.metadata) === 'admin' })
      return tokenMsg(r.token, r.secret)
    },
    ListTokens: async (req) => ({ tokens: (await listTokens(pool, req)).map((t) => tokenMsg(t)) }),
    RevokeToken: async (req, call) => {
      await revokeToken(pool, req.id, { expiringOnly: deps.identityOf(call.metadata) !== 'admin' })
      deps.onTokenRevoked(req.id)
      return {}
    },
    RenewToken: async (req) => tokenMsg(await renewToken(pool, req.id, req.ttlMs)),

    ResolveWebhook: async (req) => {
      if (!req.webhookId) throw new InvalidInputError('webhookId: required')
      const inst = await getInstallation(pool, { webhookId: req.webhookId })
      const intg = await getIntegration(pool, { id: inst.integrationId })
      return {
        installationId: inst.id,
        botId: inst.botId,
        integrationId: inst.integrationId,
        enabled: inst.enabled,
        webhook: integrationMsg(intg).webhook,
      }
    },
  }
}
