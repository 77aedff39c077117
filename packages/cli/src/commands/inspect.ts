import type { AdminClient, admin } from '@switchboard/proto'
import { API_VERSION } from '@switchboard/resources'
import type { IntegrationDefinitionJson, JsonSchema } from '../build/definition.js'
import { orUndefined } from '../apply/apply.js'
import type { AppliedRecord } from '../apply/record.js'
import { CliError, UsageError } from '../cli/errors.js'
import { age, table } from '../cli/table.js'
import {
  botKind,
  botView,
  conditionStatus,
  findInstallation,
  installationView,
  integrationView,
  snapshot,
  type ResourceView,
  type Snapshot,
} from './views.js'

/** The three kinds, by every name the commands accept. */
export type KindName = 'integrations' | 'bots' | 'installations'

const KIND_ALIASES: Record<string, KindName> = {
  integration: 'integrations',
  integrations: 'integrations',
  int: 'integrations',
  sbint: 'integrations',
  bot: 'bots',
  bots: 'bots',
  installation: 'installations',
  installations: 'installations',
  inst: 'installations',
  sbinst: 'installations',
}

/** `integration`, `bots`, `inst`… → the kind; anything else is a usage error. */
export function kindOf(word: string | undefined): KindName {
  const kind = word && KIND_ALIASES[word.toLowerCase()]
  if (!kind) throw new UsageError(`expected integrations, bots or installations, got ${word ?? 'nothing'}`)
  return kind
}

/** What `get` and `describe` need. */
export interface InspectDeps {
  admin: AdminClient
  record: AppliedRecord
  webhookBaseUrl: string
  out: (text: string) => void
}

/** `switchboard get <kind> [-o json]`: a table, or a `List` of resources in the CRD shape. */
export async function get(kind: KindName, output: 'table' | 'json', d: InspectDeps): Promise<void> {
  const snap = await snapshot(d.admin)
  const views = viewsOf(kind, snap, d)
  if (output === 'json') {
    d.out(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: views }, null, 2))
    return
  }
  if (!views.length) {
    d.out(`No ${kind} yet. Apply some with \`switchboard apply -f <file>\`.`)
    return
  }
  d.out(tableOf(kind, views, snap))
}

function viewsOf(kind: KindName, snap: Snapshot, d: InspectDeps): ResourceView[] {
  if (kind === 'integrations') return snap.integrations.map((i) => integrationView(i, snap, d.record))
  if (kind === 'bots') return snap.bots.map((b) => botView(b, snap, d.record))
  return snap.installations.map((i) => installationView(i, snap, d.record, d.webhookBaseUrl))
}

function tableOf(kind: KindName, views: ResourceView[], snap: Snapshot): string {
  const s = (v: ResourceView, key: string) => String(v.status[key] ?? '')
  if (kind === 'integrations') {
    return table(
      ['NAME', 'VERSION', 'ID', 'BUNDLE', 'INSTALLATIONS', 'AGE'],
      views.map((v) => {
        const def = v.spec.definition as IntegrationDefinitionJson
        return [
          v.metadata.name,
          def.version,
          s(v, 'integrationId'),
          s(v, 'bundleSha256').slice(0, 12) || '-',
          s(v, 'installations'),
          age(v.metadata.creationTimestamp),
        ]
      }),
    )
  }
  if (kind === 'bots') {
    return table(
      ['NAME', 'ID', 'RUNS', 'INSTALLATIONS', 'AGE'],
      views.map((v) => {
        const bot = snap.bots.find((b) => b.id === v.status.botId)!
        const runs = botKind(bot)
        const detail =
          runs === 'bundle'
            ? ` ${bot.bundleSha256.slice(0, 12)}`
            : runs === 'endpoint'
              ? ` ${bot.endpoint!.url}`
              : ''
        return [
          v.metadata.name,
          s(v, 'botId'),
          `${runs}${detail}`,
          s(v, 'installations'),
          age(v.metadata.creationTimestamp),
        ]
      }),
    )
  }
  return table(
    ['NAME', 'BOT', 'INTEGRATION', 'ENABLED', 'REGISTERED', 'READY', 'WEBHOOK URL'],
    views.map((v) => {
      const reg = v.status.registration as admin.RegistrationStatus__Output | undefined
      return [
        v.metadata.name,
        (v.spec.botRef as { name: string }).name,
        `${(v.spec.integrationRef as { name: string }).name}@${s(v, 'integrationVersion')}`,
        String(v.spec.enabled),
        reg?.state || '-',
        conditionStatus(v, 'Ready'),
        s(v, 'webhookUrl'),
      ]
    }),
  )
}

/** `switchboard describe <kind> <name> [-o json]`: one resource in detail. */
export async function describe(
  kind: KindName,
  name: string,
  output: 'table' | 'json',
  d: InspectDeps,
): Promise<void> {
  const snap = await snapshot(d.admin)
  const view = await findView(kind, name, snap, d)
  if (output === 'json') {
    d.out(JSON.stringify(view, null, 2))
    return
  }
  const lines: string[] = []
  const field = (label: string, value: unknown) => lines.push(`${`${label}:`.padEnd(15)}${String(value)}`)
  field('Name', view.metadata.name)
  field('Kind', `${view.kind} (${API_VERSION})`)
  field('Created', view.metadata.creationTimestamp)

  if (view.kind === 'Integration') describeIntegration(view, snap, d, field, lines)
  if (view.kind === 'Bot') {
    const bot = snap.bots.find((b) => b.id === view.status.botId)!
    field('ID', bot.id)
    const runs = botKind(bot)
    field(
      'Runs',
      runs === 'bundle'
        ? `a bundle (sha256 ${bot.bundleSha256})`
        : runs === 'endpoint'
          ? `an endpoint: ${bot.endpoint!.url} (signed requests)`
          : 'nothing: it acts through its own tokens (`switchboard token create --bot`)',
    )
    listInstallations(
      snap.installations.filter((i) => i.botId === bot.id),
      snap,
      d,
      lines,
    )
  }
  if (view.kind === 'Installation') {
    const st = view.status
    const inst = snap.installations.find((i) => i.id === st.installationId)!
    field('ID', inst.id)
    field('Bot', `${(view.spec.botRef as { name: string }).name} (${inst.botId})`)
    field('Integration', `${inst.integrationName}@${inst.integrationVersion} (${inst.integrationId})`)
    field('Alias', inst.alias)
    field('Config type', inst.configurationType || 'default')
    field('Enabled', inst.enabled)
    field('Webhook URL', st.webhookUrl)
    if (inst.identifier) field('Identifier', inst.identifier)
    const reg = inst.registration
    if (reg) {
      const n = reg.attempts
      field(
        'Registration',
        `${reg.state}${n ? ` after ${n} attempt${n === 1 ? '' : 's'}` : ''}${reg.updatedAt ? ` (${reg.updatedAt})` : ''}`,
      )
      if (reg.message) field('  Message', reg.message)
    }
    if (inst.costs.length) {
      lines.push('Costs (metadata.setCost):')
      for (const c of inst.costs) {
        lines.push(`  ${c.operation} ${c.name}: ${c.total} over ${c.calls} call${c.calls === '1' ? '' : 's'}`)
      }
    }
  }
  lines.push('Conditions:')
  lines.push(
    indent(
      table(
        ['TYPE', 'STATUS', 'REASON', 'MESSAGE'],
        view.status.conditions.map((c) => [c.type, c.status, c.reason, c.message]),
      ),
    ),
  )
  d.out(lines.join('\n'))
}

function describeIntegration(
  view: ResourceView,
  snap: Snapshot,
  d: InspectDeps,
  field: (label: string, value: unknown) => void,
  lines: string[],
): void {
  const def = view.spec.definition as IntegrationDefinitionJson
  const id = String(view.status.integrationId)
  field('Version', def.version)
  field('ID', id)
  field('Bundle', view.status.bundleSha256 ? `sha256 ${String(view.status.bundleSha256)}` : '(none)')
  const webhook = view.spec.webhook as { idempotencyKey?: string; syncTimeoutMs?: number } | undefined
  field(
    'Webhook',
    webhook
      ? `idempotencyKey ${webhook.idempotencyKey || '-'}, syncTimeoutMs ${webhook.syncTimeoutMs || 'default'}`
      : 'defaults',
  )
  if (def.title || def.description)
    field('Description', [def.title, def.description].filter(Boolean).join(': '))
  const props = (def.configuration?.schema as JsonSchema | undefined)?.properties as
    Record<string, JsonSchema> | undefined
  const required = new Set(
    ((def.configuration?.schema as JsonSchema | undefined)?.required as string[]) ?? [],
  )
  if (props && Object.keys(props).length) {
    lines.push('Configuration:')
    for (const [k, s] of Object.entries(props)) {
      lines.push(
        `  ${k} (${String(s.type ?? 'any')}${required.has(k) ? ', required' : ''})${s.description ? `: ${String(s.description)}` : ''}`,
      )
    }
  }
  const names = (o: Record<string, unknown> | undefined) => Object.keys(o ?? {}).join(', ') || '-'
  if (def.channels) {
    lines.push('Channels:')
    for (const [name, ch] of Object.entries(def.channels)) {
      lines.push(
        `  ${name}: messages ${names(ch.messages)}; conversation tags ${names(ch.conversation?.tags)}; message tags ${names(ch.message?.tags)}`,
      )
    }
  }
  if (def.user?.tags) field('User tags', names(def.user.tags))
  if (def.actions) field('Actions', names(def.actions))
  if (def.events) field('Events', names(def.events))
  if (def.states) field('States', names(def.states))
  if (def.secrets) field('Secrets', names(def.secrets))
  listInstallations(
    snap.installations.filter((i) => i.integrationId === id),
    snap,
    d,
    lines,
  )
}

function listInstallations(
  list: admin.Installation__Output[],
  snap: Snapshot,
  d: InspectDeps,
  lines: string[],
): void {
  if (!list.length) {
    lines.push('Installations: none')
    return
  }
  lines.push('Installations:')
  const views = list.map((i) => installationView(i, snap, d.record, d.webhookBaseUrl))
  lines.push(
    indent(
      table(
        ['NAME', 'ENABLED', 'REGISTERED', 'WEBHOOK URL'],
        views.map((v) => [
          v.metadata.name,
          String(v.spec.enabled),
          (v.status.registration as admin.RegistrationStatus__Output | undefined)?.state ?? '-',
          String(v.status.webhookUrl),
        ]),
      ),
    ),
  )
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')

async function findView(kind: KindName, name: string, snap: Snapshot, d: InspectDeps): Promise<ResourceView> {
  if (kind === 'installations') {
    const inst = await findInstallation(d.admin, name, d.record)
    const fresh = snap.installations.some((i) => i.id === inst.id)
      ? snap
      : { ...snap, installations: [...snap.installations, inst] }
    return installationView(inst, fresh, d.record, d.webhookBaseUrl)
  }
  if (kind === 'bots') {
    const bot = await orUndefined(d.admin.GetBot({ id: '', name }))
    if (!bot) throw new CliError(`no bot ${name} (see \`switchboard get bots\`)`)
    return botView(bot, snap, d.record)
  }
  // An integration by the name it was applied under, by definition name (newest version), or name@version.
  const [base, version] = name.split('@', 2) as [string, string | undefined]
  const recorded = d.record.integrations[base]
  const intg =
    (!version &&
      recorded &&
      (await orUndefined(d.admin.GetIntegration({ id: recorded.id, name: '', version: '' })))) ||
    (await orUndefined(
      d.admin.GetIntegration({ id: '', name: recorded?.name ?? base, version: version ?? '' }),
    ))
  if (!intg) throw new CliError(`no integration ${name} (see \`switchboard get integrations\`)`)
  return integrationView(intg, snap, d.record)
}
