import { ConflictError, InvalidInputError } from '@switchboard/errors'
import type { admin } from '@switchboard/proto'
import type { Bot, Installation, InstallationStatus, Integration } from '@switchboard/resources'
import type { Result } from '../controller/controller.js'
import { isTrue } from '../controller/conditions.js'
import { StatusPass, type EventInput } from '../controller/status-pass.js'
import {
  addFinalizer,
  deletingForMs,
  finalizing,
  removeFinalizer,
  writeStatus,
} from '../controller/status.js'
import { watchReferenced, watchSelf, type Watch } from '../controller/watches.js'
import { REQUEUE, type ReconcilerDeps } from '../deps.js'
import { splitKey, TYPES, type KubeObject } from '../kube/api.js'
import { ignoreNotFound, secretStrings } from '../reconcile-util.js'

type InstallationObject = Installation & KubeObject

/** The status pass of an Installation; `waiting` marks it not Ready for a reason. */
class InstallationPass extends StatusPass<InstallationStatus, InstallationObject> {
  /** Not Ready for `reason`, checked again after `requeueAfterMs`. */
  waiting(reason: string, message: string, requeueAfterMs: number): Promise<Result> {
    this.set({ type: 'Ready', status: 'False', reason, message })
    return this.save(requeueAfterMs, { reason, message })
  }
}

/** What an installation joins: the bot's and the integration version's ids at chat-api. */
type References = { botId: string; integrationId: string } | { waiting: string; message: string }

/**
 * Reconciles an Installation through the admin API's install sequence (ApplyInstallation: create
 * disabled, store and validate the configuration, move to the integration's current version, enable
 * or disable — the same call `switchboard apply` makes). A pass: fetch; on delete, finalize; add the
 * finalizer; resolve the Bot and Integration; read the configuration (spec.configuration merged with
 * the configurationFrom Secret); apply; set the Configured, Registered and Ready conditions from
 * what chat-api reports. On delete: DeleteInstallation (the integration's `unregister` runs), wait
 * until the installation is gone, delete its configuration, remove the finalizer.
 */
export class InstallationReconciler {
  constructor(private readonly d: ReconcilerDeps) {}

  /** Its Installations, and what they reference: their Bot, Integration and configurationFrom Secret. */
  watches(): Watch[] {
    const by = (pick: (i: InstallationObject) => string | undefined) => pick
    return [
      watchSelf(TYPES.Installation),
      watchReferenced(
        TYPES.Integration,
        TYPES.Installation,
        by((i) => i.spec?.integrationRef?.name),
      ),
      watchReferenced(
        TYPES.Bot,
        TYPES.Installation,
        by((i) => i.spec?.botRef?.name),
      ),
      watchReferenced(
        TYPES.Secret,
        TYPES.Installation,
        by((i) => i.spec?.configurationFrom?.name),
        {
          metadataOnly: true,
        },
      ),
    ]
  }

  async reconcile(key: string): Promise<Result> {
    const obj = await this.fetch(key)
    if (!obj) return {}
    if (obj.metadata.deletionTimestamp) return finalizing(obj) ? this.finalize(obj) : {}
    if (await addFinalizer(this.d.kube, obj)) return { requeueAfterMs: REQUEUE.now }

    const pass = new InstallationPass(this.d.kube, this.d.events, obj)
    const refs = await this.references(obj)
    if ('waiting' in refs) return pass.waiting(refs.waiting, refs.message, REQUEUE.later)
    const configuration = await this.configuration(obj)
    if (!configuration) {
      const message = `Secret ${obj.spec.configurationFrom?.name} (configurationFrom) not found`
      pass.set({ type: 'Configured', status: 'False', reason: 'SecretNotFound', message })
      return pass.waiting('SecretNotFound', message, REQUEUE.later)
    }
    const applied = await this.apply(pass, refs, configuration)
    if ('refused' in applied) return pass.save(applied.refused)
    return this.conditions(pass, applied)
  }

  /** The Installation, or undefined once it is gone. */
  private fetch(key: string): Promise<InstallationObject | undefined> {
    return this.d.kube.get<InstallationObject>({ ...TYPES.Installation, ...splitKey(key) })
  }

  /** The Bot and the Integration version it joins, once both are published. */
  private async references(obj: InstallationObject): Promise<References> {
    const namespace = obj.metadata.namespace
    const { botRef, integrationRef } = obj.spec
    const bot = await this.d.kube.get<Bot & KubeObject>({ ...TYPES.Bot, namespace, name: botRef.name })
    if (!bot?.status?.botId)
      return { waiting: 'WaitingForBot', message: `Bot ${botRef.name} is not published yet` }
    const integration = await this.d.kube.get<Integration & KubeObject>({
      ...TYPES.Integration,
      namespace,
      name: integrationRef.name,
    })
    const integrationId = integration?.status?.integrationId
    if (!integrationId || !isTrue(integration.status?.conditions, 'Published'))
      return {
        waiting: 'WaitingForIntegration',
        message: `Integration ${integrationRef.name} is not published yet`,
      }
    return { botId: bot.status.botId, integrationId }
  }

  /** spec.configuration merged with the configurationFrom Secret; undefined when the Secret is missing. */
  private async configuration(obj: InstallationObject): Promise<Record<string, unknown> | undefined> {
    const name = obj.spec.configurationFrom?.name
    if (!name) return { ...(obj.spec.configuration ?? {}) }
    const from = await this.d.kube.get({ ...TYPES.Secret, namespace: obj.metadata.namespace, name })
    if (!from) return undefined
    return { ...(obj.spec.configuration ?? {}), ...secretStrings(from) }
  }

  /**
   * The one change: ApplyInstallation (idempotent: nothing changes when nothing did). Returns what
   * chat-api holds, or, when it refused the installation, when to look again (the conditions say why).
   */
  private async apply(
    pass: InstallationPass,
    refs: { botId: string; integrationId: string },
    configuration: Record<string, unknown>,
  ): Promise<admin.Installation__Output | { refused: number }> {
    const { obj } = pass
    let result: admin.ApplyInstallationResponse__Output
    try {
      result = await this.d.admin.ApplyInstallation({
        ...refs,
        alias: obj.spec.alias ?? '',
        configurationJson: JSON.stringify(configuration),
        enabled: obj.spec.enabled ?? true,
        configurationType: obj.spec.configurationType ?? '',
      })
    } catch (err) {
      // The configuration, or the configuration type it names, is what the integration refuses.
      const refused = err instanceof InvalidInputError && /^configuration(Type)?:/.test(err.message)
      if (refused) {
        const detail = err.message.replace(/^configuration(Type)?: /, '')
        const message = `the configuration is invalid: ${detail}`
        pass.set({ type: 'Configured', status: 'False', reason: 'InvalidConfiguration', message })
        pass.set({ type: 'Ready', status: 'False', reason: 'InvalidConfiguration', message })
        await this.d.events.warning(obj, 'InvalidConfiguration', message)
        return { refused: REQUEUE.stuck }
      }
      // Refused until the spec changes (a bad alias), or until chat-api has finished deleting it.
      if (err instanceof InvalidInputError || err instanceof ConflictError) {
        pass.set({ type: 'Ready', status: 'False', reason: 'Rejected', message: err.message })
        return { refused: err instanceof ConflictError ? REQUEUE.later : REQUEUE.stuck }
      }
      throw err
    }
    const inst = result.installation!
    const { status } = pass
    const webhookUrl = `${this.d.settings.publicWebhookBaseUrl.replace(/\/$/, '')}/${inst.webhookId}`
    if (status.installationId && status.installationId !== inst.id)
      await this.d.events.warning(
        obj,
        'Recreated',
        `the installation was recreated at chat-api as ${inst.id}`,
      )
    status.installationId = inst.id
    status.webhookId = inst.webhookId
    status.webhookUrl = webhookUrl
    const changes = result.changes.filter((c) => c !== 'configuration')
    if (result.created)
      await this.d.events.normal(obj, 'Created', `installation ${inst.id} created at ${webhookUrl}`)
    if (result.created || result.changes.includes('configuration'))
      await this.d.events.normal(obj, 'Configured', 'configuration stored')
    if (changes.length) await this.d.events.normal(obj, 'Applied', changes.join(', '))
    return inst
  }

  /** Configured, Registered and Ready from what chat-api reports; polls while register runs. */
  private conditions(pass: InstallationPass, inst: admin.Installation__Output): Promise<Result> {
    pass.set({
      type: 'Configured',
      status: 'True',
      reason: 'ConfigurationStored',
      message: 'the configuration is stored',
    })
    const reg = inst.registration
    let requeue: number | undefined
    let event: EventInput | undefined
    if (!inst.enabled) {
      pass.set({
        type: 'Registered',
        status: 'False',
        reason: 'Disabled',
        message: 'the installation is disabled',
      })
    } else if (reg?.state === 'registered') {
      pass.set({
        type: 'Registered',
        status: 'True',
        reason: 'Registered',
        message: 'the integration registered this installation',
      })
    } else if (reg?.state === 'failed') {
      const message = reg.message || 'register failed'
      pass.set({ type: 'Registered', status: 'False', reason: 'RegisterFailed', message })
      requeue = REQUEUE.later
      event = { warning: true, reason: 'RegisterFailed', message }
    } else {
      pass.set({
        type: 'Registered',
        status: 'Unknown',
        reason: 'RegisterPending',
        message: `register is running (attempt ${(reg?.attempts ?? 0) + 1})`,
      })
      requeue = REQUEUE.soon
    }
    const conditions = pass.status.conditions
    const cause = conditions?.find((c) => c.type !== 'Ready' && c.status !== 'True')
    if (!cause)
      pass.set({
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: `receiving webhooks at ${pass.status.webhookUrl}`,
      })
    else pass.set({ type: 'Ready', status: 'False', reason: cause.reason, message: cause.message })
    return pass.save(requeue, event)
  }

  private async finalize(obj: InstallationObject): Promise<Result> {
    const { kube, admin, secrets, events, settings } = this.d
    const id = obj.status?.installationId
    if (id) {
      const current = await ignoreNotFound(admin.GetInstallation({ id, webhookId: '', botId: '', alias: '' }))
      if (current) {
        const overdue = deletingForMs(obj) >= settings.deleteTimeoutMs
        if (current.registration?.state !== 'unregistering' || overdue) {
          await ignoreNotFound(admin.DeleteInstallation({ id, force: overdue }))
          if (overdue)
            await events.warning(
              obj,
              'ForcedDelete',
              `unregister did not finish within ${settings.deleteTimeoutMs} ms: deleted without it`,
            )
          else await events.normal(obj, 'Unregistering', 'the integration’s unregister handler runs')
        }
        const pass = new InstallationPass(this.d.kube, this.d.events, obj)
        pass.set({
          type: 'Ready',
          status: 'False',
          reason: 'Unregistering',
          message: 'waiting for unregister to finish',
        })
        await writeStatus(kube, obj, pass.status)
        return { requeueAfterMs: REQUEUE.soon }
      }
      await ignoreNotFound(secrets.DeleteConfiguration({ installationId: id }))
    }
    await removeFinalizer(kube, obj)
    return {}
  }
}
