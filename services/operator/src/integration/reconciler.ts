import { InvalidInputError, NotFoundError, UnavailableError } from '@switchboard/errors'
import type { Integration, IntegrationStatus } from '@switchboard/resources'
import type { Result } from '../controller/controller.js'
import { setCondition } from '../controller/conditions.js'
import { StatusPass } from '../controller/status-pass.js'
import {
  addFinalizer,
  deletingForMs,
  finalizing,
  removeFinalizer,
  writeStatus,
} from '../controller/status.js'
import { BundleProblem, bundleBytes, bundleInputVersion, sandboxBundleOf } from '../bundles/resolve.js'
import { watchOwned, watchReferenced, watchSelf, type Watch } from '../controller/watches.js'
import { REQUEUE, type ReconcilerDeps } from '../deps.js'
import { splitKey, TYPES, type KubeObject } from '../kube/api.js'
import { SANDBOX_SELECTOR } from '../sandboxes/sandboxes.js'
import { ignoreNotFound, olderRival, secretStrings } from '../reconcile-util.js'

type IntegrationObject = Integration & KubeObject

/** The status pass of an Integration; `notReady` marks a step's condition (and Ready) False. */
class IntegrationPass extends StatusPass<IntegrationStatus, IntegrationObject> {
  notReady(
    reason: string,
    message: string,
    requeueAfterMs: number,
    condition = 'Published',
  ): Promise<Result> {
    this.set({ type: condition, status: 'False', reason, message })
    this.set({ type: 'Ready', status: 'False', reason, message })
    return this.save(requeueAfterMs, { warning: true, reason, message })
  }
}

/**
 * Reconciles an Integration: registers the version (definition and bundle) at chat-api, hands the
 * `secretsFrom` Secret to the secrets service, keeps the version's sandbox, removes sandboxes of
 * versions no installation uses any more, and reports Published, SandboxReady and Ready. On delete it
 * waits until no installation uses the integration, then removes its sandboxes, secrets and versions.
 */
export class IntegrationReconciler {
  constructor(private readonly d: ReconcilerDeps) {}

  /** Its Integrations, their secretsFrom Secret and bundle ConfigMap, and the sandbox Deployments. */
  watches(): Watch[] {
    const by = (pick: (i: IntegrationObject) => string | undefined) => pick
    return [
      watchSelf(TYPES.Integration),
      watchReferenced(
        TYPES.Secret,
        TYPES.Integration,
        by((i) => i.spec?.secretsFrom?.name),
        {
          metadataOnly: true,
        },
      ),
      watchReferenced(
        TYPES.ConfigMap,
        TYPES.Integration,
        by((i) => i.spec?.bundle?.configMapRef?.name),
        {
          metadataOnly: true,
        },
      ),
      watchOwned(TYPES.Deployment, TYPES.Integration, SANDBOX_SELECTOR),
    ]
  }

  async reconcile(key: string): Promise<Result> {
    const obj = await this.d.kube.get<IntegrationObject>({ ...TYPES.Integration, ...splitKey(key) })
    if (!obj) return {}
    if (obj.metadata.deletionTimestamp) return finalizing(obj) ? this.finalize(obj) : {}
    if (await addFinalizer(this.d.kube, obj)) return { requeueAfterMs: REQUEUE.now }

    const pass = new IntegrationPass(this.d.kube, this.d.events, obj)
    // One change per pass: the first step that changes something ends it and asks for another.
    const published = await this.publish(pass)
    if (published) return published
    const id = pass.status.integrationId!
    const secrets = await this.storeSecrets(pass, id)
    if ('done' in secrets) return secrets.done
    const sandbox =
      (await this.ensureSandbox(pass, id, secrets.version)) ?? (await this.pruneSandboxes(obj, id))
    if (sandbox) return sandbox
    return this.conditions(pass, id)
  }

  /** 1. The version at chat-api (definition, bundle, webhook settings), when the spec or bundle changed. */
  private async publish(pass: IntegrationPass): Promise<Result | undefined> {
    const { kube, admin, settings } = this.d
    const { obj, status } = pass
    const namespace = obj.metadata.namespace ?? ''
    const def = obj.spec.definition
    const revision = `${obj.metadata.generation}/${await bundleInputVersion(kube, namespace, obj.spec.bundle)}`
    if (status.publishedRevision === revision && status.integrationId) return undefined
    const rival = await olderRival(
      this.d,
      obj,
      (o: IntegrationObject) =>
        o.spec?.definition?.name === def.name && o.spec?.definition?.version === def.version,
    )
    if (rival) {
      const message = `${def.name}@${def.version} is already published by Integration ${rival}`
      return pass.notReady('NameConflict', message, REQUEUE.stuck)
    }
    // A URL bundle is downloaded and checked by the admin API; a ConfigMap only the operator can read.
    const source = obj.spec.bundle
    const bundle = source.url
      ? Buffer.alloc(0)
      : await bundleBytes(kube, namespace, source, { maxBytes: settings.bundleMaxBytes, fetch: this.d.fetch })
    if (bundle instanceof BundleProblem)
      return pass.notReady(bundle.reason, bundle.message, bundle.requeueAfterMs)
    let published
    try {
      // The admin API validates the definition and compares it with the stored version.
      const applied = await admin.ApplyIntegration({
        definitionJson: JSON.stringify(def),
        bundle,
        bundleSource: source.url ? { url: source.url, sha256: source.sha256 ?? '' } : null,
        webhook: {
          idempotencyKey: obj.spec.webhook?.idempotencyKey ?? '',
          syncTimeoutMs: obj.spec.webhook?.syncTimeoutMs ?? 0,
        },
      })
      published = applied.integration!
    } catch (err) {
      if (err instanceof UnavailableError && err.message.startsWith('bundleSource'))
        return pass.notReady('BundleUnavailable', err.message, REQUEUE.later)
      if (!(err instanceof InvalidInputError)) throw err
      return pass.notReady('Rejected', `chat-api refused the integration: ${err.message}`, REQUEUE.stuck)
    }
    status.integrationId = published.id
    status.bundleSha256 = published.bundleSha256
    status.publishedRevision = revision
    const message = `${def.name}@${def.version} is registered as ${published.id}`
    pass.set({ type: 'Published', status: 'True', reason: 'Published', message })
    await pass.write()
    await this.d.events.normal(obj, 'Published', message)
    return { requeueAfterMs: REQUEUE.now }
  }

  /**
   * 2. The secretsFrom Secret, handed to the secrets service (never copied anywhere else) when it
   * changed. Returns its resourceVersion, or the pass's result when this step changed something.
   */
  private async storeSecrets(
    pass: IntegrationPass,
    id: string,
  ): Promise<{ version?: string } | { done: Result }> {
    const { kube, secrets, events } = this.d
    const { obj, status } = pass
    if (!obj.spec.secretsFrom) {
      if (!status.secretsRevision) return {}
      await ignoreNotFound(secrets.DeleteIntegrationSecrets({ integrationId: id }))
      delete status.secretsRevision
      await pass.write()
      return { done: { requeueAfterMs: REQUEUE.now } }
    }
    const secretName = obj.spec.secretsFrom.name
    const secret = await kube.get({ ...TYPES.Secret, namespace: obj.metadata.namespace, name: secretName })
    if (!secret) {
      const message = `Secret ${secretName} (secretsFrom) not found`
      return { done: await pass.notReady('SecretNotFound', message, REQUEUE.later, 'SandboxReady') }
    }
    const version = secret.metadata.resourceVersion
    if (status.secretsRevision === `${id}/${version}`) return { version }
    const values = secretStrings(secret)
    await secrets.PutIntegrationSecrets({ integrationId: id, secrets: values })
    status.secretsRevision = `${id}/${version}`
    await pass.write()
    await events.normal(
      obj,
      'SecretsStored',
      `stored ${Object.keys(values).length} secrets from Secret ${secretName}`,
    )
    return { done: { requeueAfterMs: REQUEUE.now } }
  }

  /** 3. The version's sandbox (token Secret, NetworkPolicy, Service, Deployment): one change at a time. */
  private async ensureSandbox(
    pass: IntegrationPass,
    id: string,
    secretsVersion: string | undefined,
  ): Promise<Result | undefined> {
    const { obj } = pass
    let bundle
    try {
      bundle = await sandboxBundleOf(this.d.kube, obj.metadata.namespace ?? '', obj.spec.bundle)
    } catch (err) {
      if (!(err instanceof BundleProblem)) throw err
      return pass.notReady(err.reason, err.message, err.requeueAfterMs)
    }
    const change = await this.d.sandboxes.ensure(obj, {
      key: id,
      tokenFor: { kind: 'integration', integrationId: id },
      bundle,
      runtime: obj.spec.runtime,
      env: { BP_INTEGRATION_ID: id },
      secretsFrom: obj.spec.secretsFrom?.name,
      secretsVersion,
    })
    if (!change) return undefined
    await this.d.events.normal(obj, 'SandboxApplied', change)
    return { requeueAfterMs: REQUEUE.now }
  }

  /** 4. The sandbox of an earlier version, once no installation uses it. */
  private async pruneSandboxes(obj: IntegrationObject, id: string): Promise<Result | undefined> {
    const { admin, secrets, sandboxes, events } = this.d
    for (const old of await sandboxes.keysOf(obj)) {
      if (old === id) continue
      const { installations } = await admin.ListInstallations({ integrationId: old, botId: '' })
      if (installations.length) continue
      await sandboxes.remove(obj.metadata.namespace ?? 'default', old)
      await ignoreNotFound(secrets.DeleteIntegrationSecrets({ integrationId: old }))
      await events.normal(obj, 'SandboxRemoved', `removed the sandbox of ${old}: no installation uses it`)
      return { requeueAfterMs: REQUEUE.now }
    }
    return undefined
  }

  /** 5. SandboxReady and Ready, from the sandbox's rollout and whether chat-api holds the bundle. */
  private async conditions(pass: IntegrationPass, id: string): Promise<Result> {
    const { obj, status } = pass
    const def = obj.spec.definition
    const state = await this.d.sandboxes.state(obj.metadata.namespace ?? 'default', id)
    pass.set({
      type: 'SandboxReady',
      status: state.ready ? 'True' : 'False',
      reason: state.reason,
      message: state.message,
    })
    if (!status.bundleSha256) {
      pass.set({
        type: 'Ready',
        status: 'False',
        reason: 'BundleNotRegistered',
        message:
          'chat-api holds no bundle for this version (image bundles cannot be registered yet), so the dispatcher will not invoke it',
      })
    } else if (state.ready)
      pass.set({
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: `${def.name}@${def.version} serves`,
      })
    else pass.set({ type: 'Ready', status: 'False', reason: state.reason, message: state.message })
    return pass.save(state.ready ? undefined : REQUEUE.soon)
  }

  private async finalize(obj: IntegrationObject): Promise<Result> {
    const { kube, admin, secrets, events, sandboxes, settings } = this.d
    const namespace = obj.metadata.namespace ?? 'default'
    const ids = new Set(await sandboxes.keysOf(obj))
    if (obj.status?.integrationId) ids.add(obj.status.integrationId)
    let inUse = 0
    for (const id of ids)
      inUse += (await admin.ListInstallations({ integrationId: id, botId: '' })).installations.length
    if (inUse && deletingForMs(obj) < settings.deleteTimeoutMs) {
      const status = structuredClone(obj.status ?? {})
      const message = `waiting for ${inUse} installation(s) of this integration to be deleted first`
      status.conditions = setCondition(
        status.conditions,
        { type: 'Ready', status: 'False', reason: 'InUse', message },
        obj.metadata.generation,
      )
      if (JSON.stringify(status) !== JSON.stringify(obj.status ?? {})) {
        await writeStatus(kube, obj, status)
        await events.normal(obj, 'InUse', message)
      }
      return { requeueAfterMs: REQUEUE.soon }
    }
    for (const id of ids) {
      await sandboxes.remove(namespace, id)
      await ignoreNotFound(secrets.DeleteIntegrationSecrets({ integrationId: id }))
      try {
        await admin.DeleteIntegration({ id })
      } catch (err) {
        if (err instanceof NotFoundError) continue
        // Still installed by something the operator does not manage: leave the version registered.
        await events.warning(obj, 'NotUnregistered', `kept ${id} at chat-api: ${(err as Error).message}`)
      }
    }
    await removeFinalizer(kube, obj)
    return {}
  }
}
