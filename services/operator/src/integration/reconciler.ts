import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Integration, IntegrationStatus } from '@switchboard/resources'
import type { Result } from '../controller/controller.js'
import { setCondition, type ConditionInput } from '../controller/conditions.js'
import {
  addFinalizer,
  deletingForMs,
  finalizing,
  removeFinalizer,
  writeStatus,
} from '../controller/status.js'
import { BundleProblem, bundleInputVersion, resolveBundle, sandboxBundleOf } from '../bundles/resolve.js'
import { watchOwned, watchReferenced, watchSelf, type Watch } from '../controller/watches.js'
import { REQUEUE, type ReconcilerDeps } from '../deps.js'
import { splitKey, TYPES, type KubeObject } from '../kube/api.js'
import { SANDBOX_SELECTOR } from '../sandboxes/sandboxes.js'
import { ignoreNotFound, olderRival, secretStrings } from '../reconcile-util.js'

type IntegrationObject = Integration & KubeObject

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
    const { kube, admin, secrets, events, sandboxes, settings } = this.d
    const { namespace, name } = splitKey(key)
    const obj = await kube.get<IntegrationObject>({ ...TYPES.Integration, namespace, name })
    if (!obj) return {}
    if (obj.metadata.deletionTimestamp) return finalizing(obj) ? this.finalize(obj) : {}
    if (await addFinalizer(kube, obj)) return { requeueAfterMs: REQUEUE.now }

    const gen = obj.metadata.generation
    const status: IntegrationStatus = structuredClone(obj.status ?? {})
    const set = (c: ConditionInput) => (status.conditions = setCondition(status.conditions, c, gen))
    const notReady = async (
      reason: string,
      message: string,
      requeueAfterMs: number,
      condition = 'Published',
    ) => {
      set({ type: condition, status: 'False', reason, message })
      set({ type: 'Ready', status: 'False', reason, message })
      status.observedGeneration = gen
      const changed = JSON.stringify(status) !== JSON.stringify(obj.status ?? {})
      await writeStatus(kube, obj, status)
      if (changed) await events.warning(obj, reason, message)
      return { requeueAfterMs }
    }
    const def = obj.spec.definition
    const bundleSource = obj.spec.bundle

    // 1. The version at chat-api: definition, bundle and webhook settings.
    const revision = `${gen}/${await bundleInputVersion(kube, namespace, bundleSource)}`
    if (status.publishedRevision !== revision || !status.integrationId) {
      const rival = await olderRival(
        this.d,
        obj,
        (o: IntegrationObject) =>
          o.spec?.definition?.name === def.name && o.spec?.definition?.version === def.version,
      )
      if (rival) {
        return notReady(
          'NameConflict',
          `${def.name}@${def.version} is already published by Integration ${rival}`,
          REQUEUE.stuck,
        )
      }
      let bundle
      try {
        bundle = await resolveBundle(kube, namespace, bundleSource, {
          maxBytes: settings.bundleMaxBytes,
          fetch: this.d.fetch,
        })
      } catch (err) {
        if (!(err instanceof BundleProblem)) throw err
        return notReady(err.reason, err.message, err.retryable ? REQUEUE.later : REQUEUE.stuck)
      }
      let published
      try {
        published = await admin.PutIntegration({
          name: def.name,
          version: def.version,
          definitionJson: JSON.stringify(def),
          bundle: bundle.cjs ?? Buffer.alloc(0),
          webhook: {
            idempotencyKey: obj.spec.webhook?.idempotencyKey ?? '',
            syncTimeoutMs: obj.spec.webhook?.syncTimeoutMs ?? 0,
          },
        })
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err
        return notReady('Rejected', `chat-api refused the integration: ${err.message}`, REQUEUE.stuck)
      }
      status.integrationId = published.id
      status.bundleSha256 = published.bundleSha256
      status.publishedRevision = revision
      const message = `${def.name}@${def.version} is registered as ${published.id}`
      set({ type: 'Published', status: 'True', reason: 'Published', message })
      await writeStatus(kube, obj, status)
      await events.normal(obj, 'Published', message)
      return { requeueAfterMs: REQUEUE.now }
    }
    const id = status.integrationId

    // 2. The secretsFrom Secret, handed to the secrets service (never copied anywhere else).
    let secretsVersion: string | undefined
    if (obj.spec.secretsFrom) {
      const secretName = obj.spec.secretsFrom.name
      const secret = await kube.get({ ...TYPES.Secret, namespace, name: secretName })
      if (!secret)
        return notReady(
          'SecretNotFound',
          `Secret ${secretName} (secretsFrom) not found`,
          REQUEUE.later,
          'SandboxReady',
        )
      secretsVersion = secret.metadata.resourceVersion
      const secretsRevision = `${id}/${secretsVersion}`
      if (status.secretsRevision !== secretsRevision) {
        const values = secretStrings(secret)
        await secrets.PutIntegrationSecrets({ integrationId: id, secrets: values })
        status.secretsRevision = secretsRevision
        await writeStatus(kube, obj, status)
        await events.normal(
          obj,
          'SecretsStored',
          `stored ${Object.keys(values).length} secrets from Secret ${secretName}`,
        )
        return { requeueAfterMs: REQUEUE.now }
      }
    } else if (status.secretsRevision) {
      await ignoreNotFound(secrets.DeleteIntegrationSecrets({ integrationId: id }))
      delete status.secretsRevision
      await writeStatus(kube, obj, status)
      return { requeueAfterMs: REQUEUE.now }
    }

    // 3. The version's sandbox.
    let sandboxBundle
    try {
      sandboxBundle = await sandboxBundleOf(kube, namespace, bundleSource)
    } catch (err) {
      if (!(err instanceof BundleProblem)) throw err
      return notReady(err.reason, err.message, err.retryable ? REQUEUE.later : REQUEUE.stuck)
    }
    const change = await sandboxes.ensure(obj, {
      key: id,
      tokenFor: { kind: 'integration', integrationId: id },
      bundle: sandboxBundle,
      runtime: obj.spec.runtime,
      env: { BP_INTEGRATION_ID: id },
      secretsFrom: obj.spec.secretsFrom?.name,
      secretsVersion,
    })
    if (change) {
      await events.normal(obj, 'SandboxApplied', change)
      return { requeueAfterMs: REQUEUE.now }
    }

    // 4. Sandboxes of earlier versions, once no installation uses them.
    for (const old of await sandboxes.keysOf(obj)) {
      if (old === id) continue
      const { installations } = await admin.ListInstallations({ integrationId: old, botId: '' })
      if (installations.length) continue
      await sandboxes.remove(namespace, old)
      await ignoreNotFound(secrets.DeleteIntegrationSecrets({ integrationId: old }))
      await events.normal(obj, 'SandboxRemoved', `removed the sandbox of ${old}: no installation uses it`)
      return { requeueAfterMs: REQUEUE.now }
    }

    // 5. Readiness.
    const state = await sandboxes.state(namespace, id)
    set({
      type: 'SandboxReady',
      status: state.ready ? 'True' : 'False',
      reason: state.reason,
      message: state.message,
    })
    if (!status.bundleSha256) {
      set({
        type: 'Ready',
        status: 'False',
        reason: 'BundleNotRegistered',
        message:
          'chat-api holds no bundle for this version (image bundles cannot be registered yet), so the dispatcher will not invoke it',
      })
    } else if (state.ready)
      set({ type: 'Ready', status: 'True', reason: 'Ready', message: `${def.name}@${def.version} serves` })
    else set({ type: 'Ready', status: 'False', reason: state.reason, message: state.message })
    status.observedGeneration = gen
    await writeStatus(kube, obj, status)
    return state.ready ? {} : { requeueAfterMs: REQUEUE.soon }
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
