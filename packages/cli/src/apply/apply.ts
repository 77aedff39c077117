import { ConflictError, InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { AdminClient, SecretsClient, admin } from '@switchboard/proto'
import type { Bot, Installation, Integration } from '@switchboard/resources'
import type { IntegrationDefinitionJson } from '../build/definition.js'
import {
  describeResource,
  ENV_FILE_ANNOTATION,
  ManifestError,
  problemAt,
  type LoadedResource,
  type ManifestProblem,
  type Manifests,
} from '../manifests/load.js'
import { resolveBundle } from './bundles.js'
import { digest, type AppliedStore } from './record.js'

/** What `apply` and `delete` work with. */
export interface ApplyDeps {
  admin: AdminClient
  secrets: SecretsClient
  store: AppliedStore
  /** Public base URL of ingress, for the webhook URLs printed. */
  webhookBaseUrl: string
  /** Where progress lines go (`integration/webhook created`). */
  out: (line: string) => void
  cwd: string
}

/** An installation as `apply` left it. */
export interface AppliedInstallation {
  name: string
  id: string
  botId: string
  webhookUrl: string
}

/** The outcome of `applyManifests`. */
export interface ApplyResult {
  installations: AppliedInstallation[]
}

/** Resolves to undefined when the platform answers NotFound. */
export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p
  } catch (err) {
    if (err instanceof NotFoundError) return undefined
    throw err
  }
}

/** `created`, `unchanged`, or `configured (what, changed)` as kubectl prints it. */
function outcome(created: boolean, changes: string[]): string {
  if (created) return 'created'
  return changes.length ? `configured (${changes.join(', ')})` : 'unchanged'
}

const REFUSED = (err: unknown) => err instanceof InvalidInputError || err instanceof ConflictError

/**
 * Applies manifests to the platform in dependency order — integrations, then bots, then installations
 * — so that applying the same files again changes nothing. Installations go through the admin API's
 * install sequence (ApplyInstallation), the one the operator calls too. Prints one line per resource. A
 * resource the platform refuses is reported with its file and line, and the others still apply.
 */
export async function applyManifests(m: Manifests, d: ApplyDeps): Promise<ApplyResult> {
  const problems = checkReferences(m)
  if (problems.length) throw new ManifestError(problems, d.cwd)

  const failed: ManifestProblem[] = []
  const attempt = async (loaded: LoadedResource, fn: () => Promise<void>) => {
    try {
      await fn()
    } catch (err) {
      if (err instanceof ManifestError) failed.push(...err.problems)
      else if (REFUSED(err)) {
        const what = describeResource(loaded.resource)
        failed.push(
          problemAt(loaded.source, what, 'spec', `the platform refused it: ${(err as Error).message}`),
        )
      } else throw err
    }
  }
  const byKind = <K extends string>(kind: K) => m.resources.filter((r) => r.resource.kind === kind)
  const integrations = new Map<string, admin.Integration__Output>()
  const result: ApplyResult = { installations: [] }

  for (const loaded of byKind('Integration')) {
    await attempt(loaded, async () => {
      integrations.set(loaded.resource.metadata.name, await applyIntegration(loaded, m, d))
    })
  }
  for (const loaded of byKind('Bot')) await attempt(loaded, () => applyBot(loaded, m, d))
  for (const loaded of byKind('Installation')) {
    await attempt(loaded, async () => {
      result.installations.push(await applyInstallation(loaded, m, integrations, d))
    })
  }
  if (failed.length) throw new ManifestError(failed, d.cwd)
  return result
}

/** Secrets the manifests name must be among them (locally there is no cluster to hold them). */
function checkReferences(m: Manifests): ManifestProblem[] {
  const problems: ManifestProblem[] = []
  const need = (loaded: LoadedResource, field: string, name: string, key?: string) => {
    const secret = m.secrets.get(name)
    const what = describeResource(loaded.resource)
    if (!secret) {
      problems.push(
        problemAt(
          loaded.source,
          what,
          field,
          `Secret ${name} is not in the applied files (locally, Secrets are \`apiVersion: v1, kind: Secret\` documents applied with the resources, with stringData, data or the ${ENV_FILE_ANNOTATION} annotation)`,
        ),
      )
    } else if (key !== undefined && secret.data[key] === undefined) {
      problems.push(problemAt(loaded.source, what, field, `Secret ${name} has no key ${key}`))
    }
  }
  for (const loaded of m.resources) {
    const r = loaded.resource
    if (r.kind === 'Integration' && r.spec.secretsFrom)
      need(loaded, 'spec.secretsFrom.name', r.spec.secretsFrom.name)
    if (r.kind === 'Installation' && r.spec.configurationFrom) {
      need(loaded, 'spec.configurationFrom.name', r.spec.configurationFrom.name)
    }
    if (r.kind === 'Bot' && r.spec.endpoint) {
      const ref = r.spec.endpoint.signingSecretRef
      if (!ref) {
        problems.push(
          problemAt(
            loaded.source,
            describeResource(r),
            'spec.endpoint.signingSecretRef',
            'is required: requests to the endpoint are signed with it (put the secret in a Secret in the same files)',
          ),
        )
      } else need(loaded, 'spec.endpoint.signingSecretRef.name', ref.name, ref.key)
    }
  }
  return problems
}

async function applyIntegration(
  loaded: LoadedResource,
  m: Manifests,
  d: ApplyDeps,
): Promise<admin.Integration__Output> {
  const r = loaded.resource as Integration
  const what = describeResource(r)
  // A URL bundle is downloaded and checked by the admin API; a path is built or read here.
  const url = r.spec.bundle.url
  const bundle = url ? undefined : await resolveBundle('Integration', r.spec.bundle, loaded.source, what)
  const given = r.spec.definition as Partial<IntegrationDefinitionJson> | undefined
  let definition: IntegrationDefinitionJson
  if (bundle?.definition) {
    for (const key of ['name', 'version'] as const) {
      if (given?.[key] !== undefined && given[key] !== bundle.definition[key]) {
        throw new ManifestError([
          problemAt(
            loaded.source,
            what,
            `spec.definition.${key}`,
            `is ${given[key]} but the build of ${bundle.from} says ${bundle.definition[key]}; leave spec.definition out to use the build's`,
          ),
        ])
      }
    }
    // The build's definition; fields the manifest gives override it.
    definition = { ...bundle.definition, ...given }
  } else if (given?.name && given.version) {
    definition = given as IntegrationDefinitionJson
  } else {
    throw new ManifestError([
      problemAt(
        loaded.source,
        what,
        'spec.definition',
        'is required with a built bundle (only an SDK project directory in bundle.path supplies its own)',
      ),
    ])
  }
  const webhook = {
    idempotencyKey: r.spec.webhook?.idempotencyKey ?? '',
    syncTimeoutMs: r.spec.webhook?.syncTimeoutMs ?? 0,
  }

  // Published by the admin API, which validates the definition and compares it, the bundle and the
  // webhook settings with the stored version (the operator publishes through the same call).
  let published
  try {
    published = await d.admin.ApplyIntegration({
      definitionJson: JSON.stringify(definition),
      bundle: bundle?.bytes ?? Buffer.alloc(0),
      bundleSource: url ? { url, sha256: r.spec.bundle.sha256 ?? '' } : null,
      webhook,
    })
  } catch (err) {
    const m = /^bundleSource\.(url|sha256): (.*)$/s.exec((err as Error).message)
    if (m) throw new ManifestError([problemAt(loaded.source, what, `spec.bundle.${m[1]}`, m[2]!)])
    throw err
  }
  const intg = published.integration!
  const existing = !published.created
  const changes = [...published.changes]

  // Integration secrets (SECRET_<NAME> in its sandboxes), stored per version.
  const name = r.metadata.name
  const previous = d.store.record.integrations[name]
  let secretsDigest = previous?.id === intg.id ? previous.secretsDigest : undefined
  if (r.spec.secretsFrom) {
    const values = m.secrets.get(r.spec.secretsFrom.name)!.data
    const wanted = digest(intg.id, values)
    if (wanted !== secretsDigest) {
      await d.secrets.PutIntegrationSecrets({ integrationId: intg.id, secrets: values })
      secretsDigest = wanted
      changes.push('secrets')
    }
    const missing = Object.entries(definition.secrets ?? {})
      .filter(([key, s]) => !s.optional && values[key] === undefined)
      .map(([key]) => key)
    if (missing.length)
      d.out(`warning: ${what}: Secret ${r.spec.secretsFrom.name} lacks ${missing.join(', ')}`)
  } else if (secretsDigest) {
    await orUndefined(d.secrets.DeleteIntegrationSecrets({ integrationId: intg.id }))
    secretsDigest = undefined
    changes.push('secrets removed')
  }
  d.store.record.integrations[name] = {
    id: intg.id,
    name: intg.name,
    version: intg.version,
    ...(secretsDigest && { secretsDigest }),
  }
  d.store.save()
  d.out(`integration/${name} ${outcome(!existing, changes)}`)
  return intg
}

async function applyBot(loaded: LoadedResource, m: Manifests, d: ApplyDeps): Promise<void> {
  const r = loaded.resource as Bot
  const what = describeResource(r)
  const name = r.metadata.name
  const bundle = r.spec.bundle ? await resolveBundle('Bot', r.spec.bundle, loaded.source, what) : undefined
  const endpointUrl = r.spec.endpoint?.url ?? ''
  const existing = await orUndefined(d.admin.GetBot({ id: '', name }))
  const changes: string[] = []
  if (existing) {
    if (existing.bundleSha256 !== (bundle?.sha256 ?? '')) changes.push('bundle')
    if ((existing.endpoint?.url ?? '') !== endpointUrl) changes.push('endpoint')
  }
  // A bot definition (recurring events) is sent every time: it is not part of the bundle's digest.
  const definitionJson = bundle?.botDefinition ? JSON.stringify(bundle.botDefinition) : ''
  const bot =
    existing && !changes.length && !definitionJson
      ? existing
      : await d.admin.PutBot({
          name,
          bundle: bundle?.bytes ?? Buffer.alloc(0),
          endpoint: endpointUrl ? { url: endpointUrl, signingSecret: '' } : null,
          definitionJson,
        })

  // The endpoint's signing secret: the dispatcher reads it from the secrets service.
  const previous = d.store.record.bots[name]
  let signingSecretDigest = previous?.id === bot.id ? previous.signingSecretDigest : undefined
  const ref = r.spec.endpoint?.signingSecretRef
  if (ref) {
    const value = m.secrets.get(ref.name)!.data[ref.key]!
    const wanted = digest(bot.id, value)
    if (wanted !== signingSecretDigest) {
      await d.secrets.PutIntegrationSecrets({ integrationId: bot.id, secrets: { SIGNING_SECRET: value } })
      signingSecretDigest = wanted
      changes.push('signing secret')
    }
  }
  d.store.record.bots[name] = { id: bot.id, ...(signingSecretDigest && { signingSecretDigest }) }
  d.store.save()
  d.out(`bot/${name} ${outcome(!existing, changes)}`)
}

async function applyInstallation(
  loaded: LoadedResource,
  m: Manifests,
  applied: Map<string, admin.Integration__Output>,
  d: ApplyDeps,
): Promise<AppliedInstallation> {
  const r = loaded.resource as Installation
  const what = describeResource(r)
  const name = r.metadata.name
  const refProblem = (field: string, message: string) =>
    new ManifestError([problemAt(loaded.source, what, field, message)])

  const bot = await orUndefined(d.admin.GetBot({ id: '', name: r.spec.botRef.name }))
  if (!bot)
    throw refProblem('spec.botRef.name', `no Bot ${r.spec.botRef.name} in these files or on the platform`)
  const intg = await findIntegration(r.spec.integrationRef.name, applied, d)
  if (!intg) {
    throw refProblem(
      'spec.integrationRef.name',
      `no Integration ${r.spec.integrationRef.name} in these files or on the platform`,
    )
  }
  const configuration = {
    ...(r.spec.configuration ?? {}),
    ...(r.spec.configurationFrom ? m.secrets.get(r.spec.configurationFrom.name)!.data : {}),
  }
  // The admin API's install sequence: created disabled, configuration stored and validated against
  // the stored definition's schema, moved to this version, enabled (register runs).
  let result
  try {
    result = await d.admin.ApplyInstallation({
      botId: bot.id,
      integrationId: intg.id,
      alias: r.spec.alias ?? '',
      configurationJson: JSON.stringify(configuration),
      enabled: r.spec.enabled ?? true,
      configurationType: r.spec.configurationType ?? '',
    })
  } catch (err) {
    if (err instanceof InvalidInputError && err.message.startsWith('configurationType:'))
      throw refProblem('spec.configurationType', err.message.slice('configurationType: '.length))
    if (err instanceof InvalidInputError && err.message.startsWith('configuration:'))
      throw refProblem('spec.configuration', err.message.slice('configuration: '.length))
    if (err instanceof ConflictError) throw refProblem('metadata.name', err.message)
    throw err
  }
  const inst = result.installation!
  d.store.record.installations[name] = { id: inst.id, bot: bot.name, alias: inst.alias }
  d.store.save()
  const webhookUrl = `${d.webhookBaseUrl}/${inst.webhookId}`
  d.out(`installation/${name} ${outcome(result.created, result.changes)}: ${webhookUrl}`)
  return { name, id: inst.id, botId: bot.id, webhookUrl }
}

/** An Integration by resource name: applied just now, else recorded by an earlier apply, else by definition name. */
async function findIntegration(
  ref: string,
  applied: Map<string, admin.Integration__Output>,
  d: ApplyDeps,
): Promise<admin.Integration__Output | undefined> {
  const now = applied.get(ref)
  if (now) return now
  const recorded = d.store.record.integrations[ref]
  if (recorded) {
    const byId = await orUndefined(d.admin.GetIntegration({ id: recorded.id, name: '', version: '' }))
    if (byId) return byId
  }
  return orUndefined(d.admin.GetIntegration({ id: '', name: ref, version: '' }))
}
