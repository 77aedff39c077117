import { API_VERSION, type Condition } from '@switchboard/resources'
import type { AdminClient, admin } from '@switchboard/proto'
import type { IntegrationDefinitionJson } from '../build/definition.js'
import { orUndefined } from '../apply/apply.js'
import type { AppliedRecord } from '../apply/record.js'
import { CliError } from '../cli/errors.js'

/** Everything registered at the admin API, read once per command. */
export interface Snapshot {
  integrations: admin.Integration__Output[]
  bots: admin.Bot__Output[]
  installations: admin.Installation__Output[]
}

/** Reads the registry. */
export async function snapshot(a: AdminClient): Promise<Snapshot> {
  const [i, b, inst] = await Promise.all([
    a.ListIntegrations({}),
    a.ListBots({}),
    a.ListInstallations({ botId: '', integrationId: '' }),
  ])
  return { integrations: i.integrations, bots: b.bots, installations: inst.installations }
}

/** A registry entry in the shape of its custom resource (ARCHITECTURE.md §3), as `-o json` prints it. */
export interface ResourceView {
  apiVersion: typeof API_VERSION
  kind: 'Integration' | 'Bot' | 'Installation'
  metadata: { name: string; creationTimestamp: string }
  spec: Record<string, unknown>
  status: Record<string, unknown> & { conditions: Condition[] }
}

const condition = (
  type: string,
  ok: boolean | undefined,
  reason: string,
  message: string,
  at: string,
): Condition => ({
  type,
  status: ok === undefined ? 'Unknown' : ok ? 'True' : 'False',
  reason,
  message,
  lastTransitionTime: at || new Date(0).toISOString(),
})

function nameIn<T extends { id: string }>(entries: Record<string, T>, id: string): string | undefined {
  return Object.entries(entries).find(([, e]) => e.id === id)?.[0]
}

/** The name an installation goes by: the one it was applied under, else `<bot>/<alias>`. */
export function installationName(
  inst: admin.Installation__Output,
  botName: string,
  record: AppliedRecord,
): string {
  return nameIn(record.installations, inst.id) ?? `${botName}/${inst.alias}`
}

/** An integration version as an Integration resource. */
export function integrationView(
  i: admin.Integration__Output,
  snap: Snapshot,
  record: AppliedRecord,
): ResourceView {
  const definition = JSON.parse(i.definitionJson || '{}') as IntegrationDefinitionJson
  const installs = snap.installations.filter((x) => x.integrationId === i.id).length
  const hasBundle = !!i.bundleSha256
  return {
    apiVersion: API_VERSION,
    kind: 'Integration',
    metadata: { name: nameIn(record.integrations, i.id) ?? i.name, creationTimestamp: i.createdAt },
    spec: {
      definition,
      ...(i.webhook && (i.webhook.idempotencyKey || i.webhook.syncTimeoutMs)
        ? { webhook: pruneEmpty(i.webhook) }
        : {}),
    },
    status: {
      integrationId: i.id,
      bundleSha256: i.bundleSha256,
      installations: installs,
      updatedAt: i.updatedAt,
      conditions: [
        condition(
          'Published',
          true,
          'Published',
          `${i.name}@${i.version} is registered as ${i.id}`,
          i.updatedAt,
        ),
        condition(
          'Ready',
          hasBundle,
          hasBundle ? 'Ready' : 'BundleNotRegistered',
          hasBundle ? `${i.name}@${i.version} serves` : 'no bundle is registered for this version',
          i.updatedAt,
        ),
      ],
    },
  }
}

/** A bot as a Bot resource. */
export function botView(b: admin.Bot__Output, snap: Snapshot, _record: AppliedRecord): ResourceView {
  const spec: Record<string, unknown> = {}
  if (b.bundleSha256) spec.bundle = { sha256: b.bundleSha256 }
  if (b.endpoint?.url) spec.endpoint = { url: b.endpoint.url }
  return {
    apiVersion: API_VERSION,
    kind: 'Bot',
    metadata: { name: b.name, creationTimestamp: b.createdAt },
    spec,
    status: {
      botId: b.id,
      installations: snap.installations.filter((x) => x.botId === b.id).length,
      updatedAt: b.updatedAt,
      conditions: [
        condition('Published', true, 'Published', `registered as ${b.id}`, b.updatedAt),
        condition('Ready', true, 'Ready', `bot ${b.name} is registered`, b.updatedAt),
      ],
    },
  }
}

/** What a bot runs: `bundle`, `endpoint` or `tokens` (it acts only through its own tokens). */
export function botKind(b: admin.Bot__Output): string {
  return b.bundleSha256 ? 'bundle' : b.endpoint?.url ? 'endpoint' : 'tokens'
}

/** An installation as an Installation resource, with Configured, Registered and Ready as the operator sets them. */
export function installationView(
  inst: admin.Installation__Output,
  snap: Snapshot,
  record: AppliedRecord,
  webhookBaseUrl: string,
): ResourceView {
  const botName = snap.bots.find((b) => b.id === inst.botId)?.name ?? inst.botId
  const name = installationName(inst, botName, record)
  const reg = inst.registration
  const at = reg?.updatedAt || inst.updatedAt
  const webhookUrl = `${webhookBaseUrl}/${inst.webhookId}`
  const configured = inst.enabled || !!record.installations[name]?.configurationDigest
  const registered = registeredCondition(inst, at)
  const conditions = [
    condition(
      'Configured',
      configured || undefined,
      configured ? 'ConfigurationStored' : 'Unknown',
      configured
        ? 'the configuration is stored'
        : 'configuration is write-only; this machine did not store it',
      inst.updatedAt,
    ),
    registered,
  ]
  const cause = conditions.find((c) => c.status !== 'True')
  conditions.push(
    cause
      ? condition('Ready', false, cause.reason, cause.message, at)
      : condition('Ready', true, 'Ready', `receiving webhooks at ${webhookUrl}`, at),
  )
  return {
    apiVersion: API_VERSION,
    kind: 'Installation',
    metadata: { name, creationTimestamp: inst.createdAt },
    spec: {
      botRef: { name: botName },
      integrationRef: { name: inst.integrationName },
      alias: inst.alias,
      enabled: inst.enabled,
    },
    status: {
      installationId: inst.id,
      webhookId: inst.webhookId,
      webhookUrl,
      integrationId: inst.integrationId,
      integrationVersion: inst.integrationVersion,
      ...(inst.identifier && { identifier: inst.identifier }),
      registration: reg ?? undefined,
      conditions,
    },
  }
}

function registeredCondition(inst: admin.Installation__Output, at: string): Condition {
  const reg = inst.registration
  if (reg?.state === 'unregistering') {
    return condition('Registered', false, 'Unregistering', 'the integration’s unregister handler runs', at)
  }
  if (!inst.enabled) return condition('Registered', false, 'Disabled', 'the installation is disabled', at)
  if (reg?.state === 'registered') {
    return condition('Registered', true, 'Registered', 'the integration registered this installation', at)
  }
  if (reg?.state === 'failed')
    return condition('Registered', false, 'RegisterFailed', reg.message || 'register failed', at)
  return condition(
    'Registered',
    undefined,
    'RegisterPending',
    `register is running (attempt ${(reg?.attempts ?? 0) + 1})`,
    at,
  )
}

/** The status of a condition type in a view, or '-'. */
export function conditionStatus(v: ResourceView, type: string): string {
  return v.status.conditions.find((c) => c.type === type)?.status ?? '-'
}

function pruneEmpty(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== 0 && v !== null))
}

/**
 * Finds an installation by the name it was applied under, `<bot>/<alias>`, its id, or its webhook ID.
 */
export async function findInstallation(
  a: AdminClient,
  ref: string,
  record: AppliedRecord,
): Promise<admin.Installation__Output> {
  const by = (q: Partial<{ id: string; webhookId: string; botId: string; alias: string }>) =>
    orUndefined(a.GetInstallation({ id: '', webhookId: '', botId: '', alias: '', ...q }))
  const recorded = record.installations[ref]
  let inst = recorded && (await by({ id: recorded.id }))
  if (!inst && ref.includes('/')) {
    const [botName, alias] = ref.split('/', 2) as [string, string]
    const bot = await orUndefined(a.GetBot({ id: '', name: botName }))
    inst = bot && (await by({ botId: bot.id, alias }))
  }
  inst ??= (await by({ id: ref })) ?? (await by({ webhookId: ref }))
  if (!inst) {
    throw new CliError(
      `no installation ${ref}: give the name it was applied under, <bot>/<alias>, or its id (see \`switchboard get installations\`)`,
    )
  }
  return inst
}
