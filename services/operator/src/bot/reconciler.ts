import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Bot, BotStatus } from '@switchboard/resources'
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
import { olderRival, secretStrings } from '../reconcile-util.js'

type BotObject = Bot & KubeObject

/**
 * Reconciles a Bot: registers it at chat-api under its name (with its bundle, or its endpoint and the
 * signing secret read from `signingSecretRef`), keeps a sandbox for a bundle, and reports Published and
 * Ready. On delete it waits for the bot's installations to go, then removes its sandbox and the bot.
 */
export class BotReconciler {
  constructor(private readonly d: ReconcilerDeps) {}

  /** Its Bots, their signing Secret and bundle ConfigMap, and the sandbox Deployments. */
  watches(): Watch[] {
    const by = (pick: (b: BotObject) => string | undefined) => pick
    return [
      watchSelf(TYPES.Bot),
      watchReferenced(
        TYPES.Secret,
        TYPES.Bot,
        by((b) => b.spec?.endpoint?.signingSecretRef?.name),
        {
          metadataOnly: true,
        },
      ),
      watchReferenced(
        TYPES.ConfigMap,
        TYPES.Bot,
        by((b) => b.spec?.bundle?.configMapRef?.name),
        {
          metadataOnly: true,
        },
      ),
      watchOwned(TYPES.Deployment, TYPES.Bot, SANDBOX_SELECTOR),
    ]
  }

  async reconcile(key: string): Promise<Result> {
    const { kube, admin, events, sandboxes, settings } = this.d
    const { namespace, name } = splitKey(key)
    const obj = await kube.get<BotObject>({ ...TYPES.Bot, namespace, name })
    if (!obj) return {}
    if (obj.metadata.deletionTimestamp) return finalizing(obj) ? this.finalize(obj) : {}
    if (await addFinalizer(kube, obj)) return { requeueAfterMs: REQUEUE.now }

    const gen = obj.metadata.generation
    const status: BotStatus = structuredClone(obj.status ?? {})
    const set = (c: ConditionInput) => (status.conditions = setCondition(status.conditions, c, gen))
    const notReady = async (reason: string, message: string, requeueAfterMs: number) => {
      set({ type: 'Published', status: 'False', reason, message })
      set({ type: 'Ready', status: 'False', reason, message })
      status.observedGeneration = gen
      const changed = JSON.stringify(status) !== JSON.stringify(obj.status ?? {})
      await writeStatus(kube, obj, status)
      if (changed) await events.warning(obj, reason, message)
      return { requeueAfterMs }
    }

    const ref = obj.spec.endpoint?.signingSecretRef
    const signing = ref ? await kube.get({ ...TYPES.Secret, namespace, name: ref.name }) : undefined
    if (ref && (!signing || secretStrings(signing)[ref.key] === undefined)) {
      return notReady(
        'SecretNotFound',
        `Secret ${ref.name} key ${ref.key} (signingSecretRef) not found`,
        REQUEUE.later,
      )
    }
    const bundleVersion = obj.spec.bundle ? await bundleInputVersion(kube, namespace, obj.spec.bundle) : ''
    const revision = `${gen}/${bundleVersion}/${signing?.metadata.resourceVersion ?? ''}`
    if (status.publishedRevision !== revision || !status.botId) {
      const rival = await olderRival(this.d, obj, (o: BotObject) => o.metadata.name === name)
      if (rival)
        return notReady('NameConflict', `bot ${name} is already published by Bot ${rival}`, REQUEUE.stuck)
      let bundle: Buffer = Buffer.alloc(0)
      if (obj.spec.bundle) {
        try {
          const resolved = await resolveBundle(kube, namespace, obj.spec.bundle, {
            maxBytes: settings.bundleMaxBytes,
            fetch: this.d.fetch,
          })
          bundle = resolved.cjs ?? bundle
        } catch (err) {
          if (!(err instanceof BundleProblem)) throw err
          return notReady(err.reason, err.message, err.retryable ? REQUEUE.later : REQUEUE.stuck)
        }
      }
      let published
      try {
        published = await admin.PutBot({
          name,
          bundle,
          // The signing secret never goes to chat-api: the dispatcher reads it from the secrets service.
          endpoint: obj.spec.endpoint ? { url: obj.spec.endpoint.url, signingSecret: '' } : null,
        })
        if (ref && signing) {
          await this.d.secrets.PutIntegrationSecrets({
            integrationId: published.id,
            secrets: { SIGNING_SECRET: secretStrings(signing)[ref.key]! },
          })
        }
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err
        return notReady('Rejected', `chat-api refused the bot: ${err.message}`, REQUEUE.stuck)
      }
      status.botId = published.id
      status.publishedRevision = revision
      set({
        type: 'Published',
        status: 'True',
        reason: 'Published',
        message: `registered as ${published.id}`,
      })
      await writeStatus(kube, obj, status)
      await events.normal(obj, 'Published', `bot ${name} registered as ${published.id}`)
      return { requeueAfterMs: REQUEUE.now }
    }

    let ready = { ready: true, reason: 'Ready', message: `bot ${name} is registered` }
    if (obj.spec.bundle) {
      let sandboxBundle
      try {
        sandboxBundle = await sandboxBundleOf(kube, namespace, obj.spec.bundle)
      } catch (err) {
        if (!(err instanceof BundleProblem)) throw err
        return notReady(err.reason, err.message, err.retryable ? REQUEUE.later : REQUEUE.stuck)
      }
      const change = await sandboxes.ensure(obj, {
        key: status.botId,
        tokenFor: { kind: 'bot', botId: status.botId },
        bundle: sandboxBundle,
        runtime: obj.spec.runtime,
        env: { BP_BOT_ID: status.botId },
      })
      if (change) {
        await events.normal(obj, 'SandboxApplied', change)
        return { requeueAfterMs: REQUEUE.now }
      }
      const state = await sandboxes.state(namespace, status.botId)
      if (!state.ready) ready = { ready: false, reason: state.reason, message: state.message }
    } else {
      for (const old of await sandboxes.keysOf(obj)) await sandboxes.remove(namespace, old)
    }
    set({
      type: 'Ready',
      status: ready.ready ? 'True' : 'False',
      reason: ready.reason,
      message: ready.message,
    })
    status.observedGeneration = gen
    await writeStatus(kube, obj, status)
    return ready.ready ? {} : { requeueAfterMs: REQUEUE.soon }
  }

  private async finalize(obj: BotObject): Promise<Result> {
    const { kube, admin, sandboxes, settings, events } = this.d
    const id = obj.status?.botId
    if (id) {
      const { installations } = await admin.ListInstallations({ botId: id, integrationId: '' })
      if (installations.length && deletingForMs(obj) < settings.deleteTimeoutMs) {
        const status = structuredClone(obj.status ?? {})
        const message = `waiting for ${installations.length} installation(s) of this bot to be deleted first`
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
    }
    for (const key of await sandboxes.keysOf(obj))
      await sandboxes.remove(obj.metadata.namespace ?? 'default', key)
    if (id) {
      try {
        await admin.DeleteBot({ id })
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err
      }
    }
    await removeFinalizer(kube, obj)
    return {}
  }
}
