import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Bot, BotStatus } from '@switchboard/resources'
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
import { SANDBOX_SELECTOR, type SandboxState } from '../sandboxes/sandboxes.js'
import { olderRival, secretStrings } from '../reconcile-util.js'

type BotObject = Bot & KubeObject

/** The status pass of a Bot; `notReady` marks Published and Ready False. */
class BotPass extends StatusPass<BotStatus, BotObject> {
  notReady(reason: string, message: string, requeueAfterMs: number): Promise<Result> {
    this.set({ type: 'Published', status: 'False', reason, message })
    this.set({ type: 'Ready', status: 'False', reason, message })
    return this.save(requeueAfterMs, { warning: true, reason, message })
  }
}

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
    const obj = await this.d.kube.get<BotObject>({ ...TYPES.Bot, ...splitKey(key) })
    if (!obj) return {}
    if (obj.metadata.deletionTimestamp) return finalizing(obj) ? this.finalize(obj) : {}
    if (await addFinalizer(this.d.kube, obj)) return { requeueAfterMs: REQUEUE.now }

    const pass = new BotPass(this.d.kube, this.d.events, obj)
    const signing = await this.signingSecret(obj)
    if (signing === null) {
      const ref = obj.spec.endpoint!.signingSecretRef!
      return pass.notReady(
        'SecretNotFound',
        `Secret ${ref.name} key ${ref.key} (signingSecretRef) not found`,
        REQUEUE.later,
      )
    }
    const published = await this.publish(pass, signing)
    if (published) return published
    const sandbox = await this.sandbox(pass)
    if ('done' in sandbox) return sandbox.done
    return this.conditions(pass, sandbox)
  }

  /** The endpoint's signing Secret: undefined when the bot has none, null when it is missing. */
  private async signingSecret(obj: BotObject): Promise<KubeObject | undefined | null> {
    const ref = obj.spec.endpoint?.signingSecretRef
    if (!ref) return undefined
    const signing = await this.d.kube.get({
      ...TYPES.Secret,
      namespace: obj.metadata.namespace,
      name: ref.name,
    })
    return signing && secretStrings(signing)[ref.key] !== undefined ? signing : null
  }

  /** 1. The bot at chat-api (bundle or endpoint, and the signing secret at the secrets service). */
  private async publish(pass: BotPass, signing: KubeObject | undefined): Promise<Result | undefined> {
    const { kube, admin, settings } = this.d
    const { obj, status } = pass
    const namespace = obj.metadata.namespace ?? ''
    const name = obj.metadata.name
    const bundleVersion = obj.spec.bundle ? await bundleInputVersion(kube, namespace, obj.spec.bundle) : ''
    const revision = `${obj.metadata.generation}/${bundleVersion}/${signing?.metadata.resourceVersion ?? ''}`
    if (status.publishedRevision === revision && status.botId) return undefined
    const rival = await olderRival(this.d, obj, (o: BotObject) => o.metadata.name === name)
    if (rival)
      return pass.notReady('NameConflict', `bot ${name} is already published by Bot ${rival}`, REQUEUE.stuck)
    const bundle = obj.spec.bundle
      ? await bundleBytes(kube, namespace, obj.spec.bundle, {
          maxBytes: settings.bundleMaxBytes,
          fetch: this.d.fetch,
        })
      : Buffer.alloc(0)
    if (bundle instanceof BundleProblem)
      return pass.notReady(bundle.reason, bundle.message, bundle.requeueAfterMs)
    let published
    try {
      published = await admin.PutBot({
        name,
        bundle,
        // The signing secret never goes to chat-api: the dispatcher reads it from the secrets service.
        endpoint: obj.spec.endpoint ? { url: obj.spec.endpoint.url, signingSecret: '' } : null,
      })
      const ref = obj.spec.endpoint?.signingSecretRef
      if (ref && signing) {
        await this.d.secrets.PutIntegrationSecrets({
          integrationId: published.id,
          secrets: { SIGNING_SECRET: secretStrings(signing)[ref.key]! },
        })
      }
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err
      return pass.notReady('Rejected', `chat-api refused the bot: ${err.message}`, REQUEUE.stuck)
    }
    status.botId = published.id
    status.publishedRevision = revision
    pass.set({
      type: 'Published',
      status: 'True',
      reason: 'Published',
      message: `registered as ${published.id}`,
    })
    await pass.write()
    await this.d.events.normal(obj, 'Published', `bot ${name} registered as ${published.id}`)
    return { requeueAfterMs: REQUEUE.now }
  }

  /** 2. A bundle bot's sandbox (one change at a time), or none for an endpoint bot; then its state. */
  private async sandbox(pass: BotPass): Promise<SandboxState | { done: Result }> {
    const { kube, sandboxes, events } = this.d
    const { obj, status } = pass
    const namespace = obj.metadata.namespace ?? ''
    const registered = { ready: true, reason: 'Ready', message: `bot ${obj.metadata.name} is registered` }
    if (!obj.spec.bundle) {
      for (const old of await sandboxes.keysOf(obj)) await sandboxes.remove(namespace, old)
      return registered
    }
    let bundle
    try {
      bundle = await sandboxBundleOf(kube, namespace, obj.spec.bundle)
    } catch (err) {
      if (!(err instanceof BundleProblem)) throw err
      return { done: await pass.notReady(err.reason, err.message, err.requeueAfterMs) }
    }
    const botId = status.botId!
    const change = await sandboxes.ensure(obj, {
      key: botId,
      tokenFor: { kind: 'bot', botId },
      bundle,
      runtime: obj.spec.runtime,
      env: { BP_BOT_ID: botId },
    })
    if (change) {
      await events.normal(obj, 'SandboxApplied', change)
      return { done: { requeueAfterMs: REQUEUE.now } }
    }
    const state = await sandboxes.state(namespace, botId)
    return state.ready ? registered : state
  }

  /** 3. Ready, from the sandbox's state. */
  private conditions(pass: BotPass, state: SandboxState): Promise<Result> {
    pass.set({
      type: 'Ready',
      status: state.ready ? 'True' : 'False',
      reason: state.reason,
      message: state.message,
    })
    return pass.save(state.ready ? undefined : REQUEUE.soon)
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
