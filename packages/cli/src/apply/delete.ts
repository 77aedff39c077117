import { ConflictError } from '@switchboard/errors'
import type { admin } from '@switchboard/proto'
import type { Installation, Integration } from '@switchboard/resources'
import {
  describeResource,
  ManifestError,
  problemAt,
  type LoadedResource,
  type ManifestProblem,
  type Manifests,
} from '../manifests/load.js'
import { orUndefined, type ApplyDeps } from './apply.js'
import { resolveBundle } from './bundles.js'

/** Options of `deleteManifests`. */
export interface DeleteOptions {
  /** Delete installations at once, without running the integration's `unregister`. */
  force?: boolean
  /** How long to wait for `unregister` to finish before moving on (default 30 s). */
  unregisterTimeoutMs?: number
}

/**
 * Deletes what the manifests describe, in reverse dependency order: installations (the integration's
 * `unregister` runs; their configuration is deleted), then bots (with their signing secret), then
 * integration versions (with their secrets). Something already gone is reported, not an error.
 */
export async function deleteManifests(m: Manifests, d: ApplyDeps, opts: DeleteOptions = {}): Promise<void> {
  const failed: ManifestProblem[] = []
  const byKind = (kind: string) => m.resources.filter((r) => r.resource.kind === kind)
  const refused = (loaded: LoadedResource, err: unknown) => {
    if (!(err instanceof ConflictError)) throw err
    failed.push(problemAt(loaded.source, describeResource(loaded.resource), 'metadata.name', err.message))
  }

  for (const loaded of byKind('Installation')) {
    await deleteInstallation(loaded, m, d, opts).catch((err: unknown) => refused(loaded, err))
  }
  for (const loaded of byKind('Bot')) {
    const name = loaded.resource.metadata.name
    const bot = await orUndefined(d.admin.GetBot({ id: '', name }))
    if (!bot) {
      d.out(`bot/${name} not found`)
      continue
    }
    try {
      await d.admin.DeleteBot({ id: bot.id })
      await orUndefined(d.secrets.DeleteIntegrationSecrets({ integrationId: bot.id }))
      delete d.store.record.bots[name]
      d.store.save()
      d.out(`bot/${name} deleted`)
    } catch (err) {
      refused(loaded, err)
    }
  }
  for (const loaded of byKind('Integration')) {
    const name = loaded.resource.metadata.name
    const intg = await integrationOf(loaded, d)
    if (!intg) {
      d.out(`integration/${name} not found`)
      continue
    }
    try {
      await d.admin.DeleteIntegration({ id: intg.id })
      await orUndefined(d.secrets.DeleteIntegrationSecrets({ integrationId: intg.id }))
      delete d.store.record.integrations[name]
      d.store.save()
      d.out(`integration/${name} deleted (${intg.name}@${intg.version})`)
    } catch (err) {
      refused(loaded, err)
    }
  }
  if (failed.length) throw new ManifestError(failed, d.cwd)
}

/** The integration version an Integration manifest names (building its project only when nothing else says). */
async function integrationOf(
  loaded: LoadedResource,
  d: ApplyDeps,
): Promise<admin.Integration__Output | undefined> {
  const r = loaded.resource as Integration
  const recorded = d.store.record.integrations[r.metadata.name]
  let { name, version } = (r.spec.definition ?? {}) as { name?: string; version?: string }
  if (recorded && (!name || name === recorded.name)) ({ name, version } = recorded)
  if (!name || !version) {
    const built = await resolveBundle('Integration', r.spec.bundle, loaded.source, describeResource(r))
    name = built.definition?.name
    version = built.definition?.version
  }
  if (!name || !version) return undefined
  return orUndefined(d.admin.GetIntegration({ id: '', name, version }))
}

async function deleteInstallation(
  loaded: LoadedResource,
  m: Manifests,
  d: ApplyDeps,
  opts: DeleteOptions,
): Promise<void> {
  const r = loaded.resource as Installation
  const name = r.metadata.name
  const recorded = d.store.record.installations[name]
  let inst =
    recorded &&
    (await orUndefined(d.admin.GetInstallation({ id: recorded.id, webhookId: '', botId: '', alias: '' })))
  if (!inst) {
    const bot = await orUndefined(d.admin.GetBot({ id: '', name: r.spec.botRef.name }))
    let alias = r.spec.alias
    if (!alias) {
      const ref = m.resources.find(
        (x) => x.resource.kind === 'Integration' && x.resource.metadata.name === r.spec.integrationRef.name,
      )
      alias =
        (ref && (await integrationOf(ref, d))?.name) ??
        d.store.record.integrations[r.spec.integrationRef.name]?.name ??
        r.spec.integrationRef.name
    }
    inst =
      bot && (await orUndefined(d.admin.GetInstallation({ id: '', webhookId: '', botId: bot.id, alias })))
  }
  const forget = () => {
    delete d.store.record.installations[name]
    d.store.save()
  }
  if (!inst) {
    forget()
    d.out(`installation/${name} not found`)
    return
  }
  await orUndefined(d.admin.DeleteInstallation({ id: inst.id, force: opts.force ?? false }))
  const deadline = Date.now() + (opts.unregisterTimeoutMs ?? 30_000)
  let gone = false
  while (!gone && Date.now() < deadline) {
    gone = !(await orUndefined(d.admin.GetInstallation({ id: inst.id, webhookId: '', botId: '', alias: '' })))
    if (!gone) await new Promise((r) => setTimeout(r, 200))
  }
  if (!gone) {
    d.out(
      `installation/${name} unregistering: the integration's unregister has not finished; it is deleted when it does (or run delete again with --force)`,
    )
    return
  }
  await orUndefined(d.secrets.DeleteConfiguration({ installationId: inst.id }))
  forget()
  d.out(`installation/${name} deleted`)
}
