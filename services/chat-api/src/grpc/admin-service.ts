import type { Metadata } from '@grpc/grpc-js'
import {
  DeadLetterNotFoundError,
  listDeadLetters,
  replayDeadLetter,
  subjectOwner,
  type ListedDeadLetter,
  type NatsConnection,
  type NatsNames,
} from '@switchboard/nats'
import { InvalidInputError, NotFoundError, UnavailableError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { listConversations } from '../chat/conversations.js'
import type { ChatDeps } from '../chat/deps.js'
import { listMessages } from '../chat/messages.js'
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
import { applyInstallation, type ConfigurationStore } from '../registry/install.js'
import { applyIntegration } from '../registry/publish.js'
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
    botUserId: r.botUserId,
    enabled: r.enabled,
    identifier: r.identifier ?? '',
    registration: r.registration,
    configurationType: r.configurationType,
    costs: r.costs.map((c) => ({ ...c, calls: String(c.calls) })),
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

function deadLetterMsg(l: ListedDeadLetter): admin.DeadLetter {
  return {
    deadSeq: String(l.deadSeq),
    stream: l.stream,
    subject: l.subject,
    seq: String(l.seq),
    deliveryCount: l.deliveryCount,
    reason: l.reason,
    dataBase64: l.dataBase64,
    headers: l.headers,
    deadAt: l.deadAt,
    installationId: subjectOwner(l.subject),
  }
}

/** What the admin service needs: lifecycle deps, and a hook announcing installation changes. */
export interface AdminServiceDeps extends LifecycleDeps {
  names: NatsNames
  /** Where ApplyInstallation stores configurations (the secrets service). */
  configurations: ConfigurationStore
  /** Lets caches (ingress, dispatcher) drop an installation that changed. */
  onInstallationChanged: (installationId: string, webhookId: string) => void
  /** Lets the Runtime API's authentication cache drop a revoked token. */
  onTokenRevoked: (tokenId: string) => void
  /** The identity of a call the service's guard let through. */
  identityOf: (md: Metadata) => AdminIdentity
  /** The chat domain (conversations and messages, read as their bot). */
  chat: ChatDeps
  /** The NATS connection, once connected (dead letters live on SB_DEAD). */
  nats: () => NatsConnection | undefined
  /** Wakes the scheduler for a delivery due at `at` (a bot's recurring events). */
  onScheduled?: (at: Date) => void
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
    ApplyIntegration: async (req) => {
      const r = await applyIntegration(pool, {
        definitionJson: req.definitionJson,
        bundle: req.bundle,
        source: req.bundleSource ?? undefined,
        webhook: {
          idempotencyKey: req.webhook?.idempotencyKey,
          syncTimeoutMs: req.webhook?.syncTimeoutMs,
        },
      })
      if (r.created || r.changes.length)
        (await listInstallations(pool, { integrationId: r.integration.id })).forEach(changed)
      return { integration: integrationMsg(r.integration), created: r.created, changes: r.changes }
    },
    GetIntegration: async (req) => integrationMsg(await getIntegration(pool, req)),
    ListIntegrations: async () => ({ integrations: (await listIntegrations(pool)).map(integrationMsg) }),
    DeleteIntegration: async (req) => {
      await deleteIntegration(pool, req.id)
      return {}
    },
    GetBundle: async (req) => ({ sha256: req.sha256, content: await getBundle(pool, req.sha256) }),

    PutBot: async (req) =>
      botMsg(
        await putBot(deps, {
          name: req.name,
          bundle: req.bundle,
          endpointUrl: req.endpoint?.url,
          ...(req.definitionJson && { definition: parseDefinition(req.definitionJson) }),
        }),
      ),
    GetBot: async (req) => botMsg(await getBot(pool, req)),
    ListBots: async () => ({ bots: (await listBots(pool)).map(botMsg) }),
    DeleteBot: async (req) => {
      const installs = await listInstallations(pool, { botId: req.id })
      await deleteBot(deps, req.id)
      installs.forEach(changed)
      return {}
    },

    CreateInstallation: async (req) => installationMsg(changed(await createInstallation(deps, req))),
    UpdateInstallation: async (req) =>
      installationMsg(
        changed(
          await updateInstallation(deps, {
            ...req,
            // proto3 `optional`: unset means unchanged.
            configurationType: req._configurationType ? req.configurationType : undefined,
          }),
        ),
      ),
    GetInstallation: async (req) => installationMsg(await getInstallation(pool, req)),
    ListInstallations: async (req) => ({
      installations: (await listInstallations(pool, req)).map(installationMsg),
    }),
    ApplyInstallation: async (req) => {
      const r = await applyInstallation(deps, {
        botId: req.botId,
        integrationId: req.integrationId,
        alias: req.alias,
        configurationJson: req.configurationJson,
        enabled: req.enabled,
        configurationType: req.configurationType,
      })
      changed(r.installation)
      return { installation: installationMsg(r.installation), created: r.created, changes: r.changes }
    },
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

    ListConversations: async (req) => {
      const caller = await botCaller(req.botId)
      const r = await listConversations(deps.chat, caller, {
        tags: req.tags,
        nextToken: req.nextToken || undefined,
        pageSize: req.pageSize || undefined,
      })
      return {
        conversations: r.conversations.map((c) => ({ ...c, botId: req.botId })),
        nextToken: r.nextToken ?? '',
      }
    },
    ListMessages: async (req) => {
      if (!req.conversationId) throw new InvalidInputError('conversationId: required')
      const r = await listMessages(deps.chat, await botCaller(req.botId), {
        conversationId: req.conversationId,
        nextToken: req.nextToken || undefined,
        pageSize: req.pageSize || undefined,
      })
      return {
        messages: r.messages.map((m) => ({
          id: m.id,
          conversationId: m.conversationId,
          userId: m.userId,
          type: m.type,
          direction: m.direction,
          payloadJson: JSON.stringify(m.payload),
          tags: m.tags,
          createdAt: m.createdAt,
        })),
        nextToken: r.nextToken ?? '',
      }
    },
    ListDeadLetters: async (req) => {
      const letters = await listDeadLetters(connected(), deps.names)
      return {
        deadLetters: letters
          .map(deadLetterMsg)
          .filter((l) => !req.installationId || l.installationId === req.installationId),
      }
    },
    ReplayDeadLetters: async (req) => {
      const nc = connected()
      const seqs = req.all
        ? (await listDeadLetters(nc, deps.names)).map((l) => l.deadSeq)
        : req.deadSeqs.map((s) => {
            const n = Number(s)
            if (!Number.isSafeInteger(n) || n < 1)
              throw new InvalidInputError(`deadSeqs: ${s} is not a sequence`)
            return n
          })
      if (!req.all && !seqs.length) throw new InvalidInputError('deadSeqs: give at least one, or all')
      const replayed: admin.DeadLetter[] = []
      for (const seq of seqs) {
        try {
          replayed.push(deadLetterMsg(await replayDeadLetter(nc, deps.names, seq)))
        } catch (err) {
          if (err instanceof DeadLetterNotFoundError) throw new NotFoundError(err.message, { cause: err })
          throw new UnavailableError(`could not replay dead letter ${seq}`, { cause: err })
        }
      }
      return { replayed }
    },
  }

  async function botCaller(botId: string): Promise<Caller> {
    if (!botId) throw new InvalidInputError('botId: required')
    await getBot(pool, { id: botId })
    return { kind: 'bot', botId }
  }
  function connected(): NatsConnection {
    const nc = deps.nats()
    if (!nc) throw new UnavailableError('NATS is not connected')
    return nc
  }
}
