import { ConflictError, InvalidInputError } from '@switchboard/errors'
import type { admin } from '@switchboard/proto'
import {
  configurationSchemaFor,
  type Bot,
  type ConfigurationsOf,
  type Installation,
  type InstallationStatus,
  type Integration,
} from '@switchboard/resources'
import type { Result } from '../controller/controller.js'
import { isTrue, setCondition, type ConditionInput } from '../controller/conditions.js'
import {
  addFinalizer,
  deletingForMs,
  finalizing,
  removeFinalizer,
  writeStatus,
} from '../controller/status.js'
import { REQUEUE, type ReconcilerDeps } from '../deps.js'
import { splitKey, TYPES, type KubeObject } from '../kube/api.js'
import { ignoreNotFound, secretStrings } from '../reconcile-util.js'

type InstallationObject = Installation & KubeObject

/**
 * Reconciles an Installation with the install sequence of the admin API: create the installation
 * disabled, store its configuration (spec.configuration merged with the configurationFrom Secret) at
 * the secrets service — validated there against the definition's schema — then enable it, which runs
 * the integration's `register`. Later passes re-store a changed configuration, move the installation to
 * a new integration version, follow `enabled`, and mirror the registration into the Registered
 * condition. On delete: DeleteInstallation (the integration's `unregister` runs), wait until the
 * installation is gone, delete its configuration.
 */
export class InstallationReconciler {
  constructor(private readonly d: ReconcilerDeps) {}

  async reconcile(key: string): Promise<Result> {
    const { kube, admin, secrets, events, settings } = this.d
    const { namespace, name } = splitKey(key)
    const obj = await kube.get<InstallationObject>({ ...TYPES.Installation, namespace, name })
    if (!obj) return {}
    if (obj.metadata.deletionTimestamp) return finalizing(obj) ? this.finalize(obj) : {}
    if (await addFinalizer(kube, obj)) return { requeueAfterMs: REQUEUE.now }

    const gen = obj.metadata.generation
    const status: InstallationStatus = structuredClone(obj.status ?? {})
    const set = (c: ConditionInput) => (status.conditions = setCondition(status.conditions, c, gen))
    const save = async (
      requeueAfterMs?: number,
      event?: { warning?: boolean; reason: string; message: string },
    ) => {
      status.observedGeneration = gen
      const changed = JSON.stringify(status) !== JSON.stringify(obj.status ?? {})
      await writeStatus(kube, obj, status)
      if (event && changed)
        await (event.warning ? events.warning : events.normal).call(events, obj, event.reason, event.message)
      return requeueAfterMs === undefined ? {} : { requeueAfterMs }
    }
    const waiting = (reason: string, message: string, requeueAfterMs: number) => {
      set({ type: 'Ready', status: 'False', reason, message })
      return save(requeueAfterMs, { reason, message })
    }

    // The bot and the integration version this installation joins.
    const bot = await kube.get<Bot & KubeObject>({ ...TYPES.Bot, namespace, name: obj.spec.botRef.name })
    if (!bot?.status?.botId)
      return waiting('WaitingForBot', `Bot ${obj.spec.botRef.name} is not published yet`, REQUEUE.later)
    const integration = await kube.get<Integration & KubeObject>({
      ...TYPES.Integration,
      namespace,
      name: obj.spec.integrationRef.name,
    })
    const integrationId = integration?.status?.integrationId
    if (!integration || !integrationId || !isTrue(integration.status?.conditions, 'Published')) {
      return waiting(
        'WaitingForIntegration',
        `Integration ${obj.spec.integrationRef.name} is not published yet`,
        REQUEUE.later,
      )
    }

    // 1. The installation at chat-api, created disabled (register runs once the configuration is stored).
    let current: admin.Installation__Output | undefined
    if (status.installationId) {
      current = await ignoreNotFound(
        admin.GetInstallation({ id: status.installationId, webhookId: '', botId: '', alias: '' }),
      )
      if (!current) {
        delete status.installationId
        delete status.configurationRevision
        set({
          type: 'Ready',
          status: 'False',
          reason: 'Recreating',
          message: 'the installation disappeared from chat-api; creating it again',
        })
        return save(REQUEUE.now, {
          warning: true,
          reason: 'Recreating',
          message: 'the installation disappeared from chat-api',
        })
      }
    } else {
      const alias = obj.spec.alias ?? ''
      try {
        current = await admin.CreateInstallation({
          botId: bot.status.botId,
          integrationId,
          alias,
          enabled: false,
          configurationType: obj.spec.configurationType ?? '',
        })
      } catch (err) {
        if (err instanceof InvalidInputError) return waiting('Rejected', err.message, REQUEUE.stuck)
        if (!(err instanceof ConflictError)) throw err
        // Created by an earlier pass whose status write was lost: adopt it.
        current = await admin.GetInstallation({
          id: '',
          webhookId: '',
          botId: bot.status.botId,
          alias: alias || (integration.spec.definition.name ?? ''),
        })
      }
      status.installationId = current.id
      status.webhookId = current.webhookId
      status.webhookUrl = `${settings.publicWebhookBaseUrl.replace(/\/$/, '')}/${current.webhookId}`
      set({ type: 'Configured', status: 'Unknown', reason: 'Pending', message: 'storing the configuration' })
      set({
        type: 'Registered',
        status: 'Unknown',
        reason: 'Pending',
        message: 'waiting for the configuration',
      })
      set({ type: 'Ready', status: 'False', reason: 'Installing', message: 'installation created' })
      return save(REQUEUE.now, {
        reason: 'Created',
        message: `installation ${current.id} created at ${status.webhookUrl}`,
      })
    }
    const installationId = current.id

    // 2. The configuration, stored (and validated) at the secrets service.
    const fromName = obj.spec.configurationFrom?.name
    const from = fromName ? await kube.get({ ...TYPES.Secret, namespace, name: fromName }) : undefined
    if (fromName && !from) {
      set({
        type: 'Configured',
        status: 'False',
        reason: 'SecretNotFound',
        message: `Secret ${fromName} (configurationFrom) not found`,
      })
      return waiting('SecretNotFound', `Secret ${fromName} (configurationFrom) not found`, REQUEUE.later)
    }
    const revision = `${gen}/${from?.metadata.resourceVersion ?? ''}/${integrationId}`
    if (status.configurationRevision !== revision) {
      const configuration = { ...(obj.spec.configuration ?? {}), ...(from ? secretStrings(from) : {}) }
      const chosen = configurationSchemaFor(
        integration.spec.definition as ConfigurationsOf,
        obj.spec.configurationType,
      )
      if ('problem' in chosen) {
        set({ type: 'Configured', status: 'False', reason: 'InvalidConfiguration', message: chosen.problem })
        set({ type: 'Ready', status: 'False', reason: 'InvalidConfiguration', message: chosen.problem })
        return save(REQUEUE.stuck, { warning: true, reason: 'InvalidConfiguration', message: chosen.problem })
      }
      const schema = chosen.schema
      try {
        await secrets.PutConfiguration({
          installationId,
          configurationJson: JSON.stringify(configuration),
          schemaJson: schema ? JSON.stringify(schema) : '',
        })
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err
        const message = `the configuration is invalid: ${err.message}`
        set({ type: 'Configured', status: 'False', reason: 'InvalidConfiguration', message })
        set({ type: 'Ready', status: 'False', reason: 'InvalidConfiguration', message })
        return save(REQUEUE.stuck, { warning: true, reason: 'InvalidConfiguration', message })
      }
      status.configurationRevision = revision
      set({
        type: 'Configured',
        status: 'True',
        reason: 'ConfigurationStored',
        message: 'the configuration is stored',
      })
      return save(REQUEUE.now, { reason: 'Configured', message: 'configuration stored' })
    }
    const configured = isTrue(status.conditions, 'Configured')

    // 3. A new integration version or configuration type: move the installation (register runs again when enabled).
    const enabled = (obj.spec.enabled ?? true) && configured
    const configurationType = obj.spec.configurationType ?? ''
    if (current.integrationId !== integrationId || current.configurationType !== configurationType) {
      try {
        await admin.UpdateInstallation({ id: installationId, enabled, integrationId, configurationType })
      } catch (err) {
        if (err instanceof InvalidInputError) return waiting('Rejected', err.message, REQUEUE.stuck)
        throw err
      }
      return save(REQUEUE.now, { reason: 'Upgraded', message: `moved to ${integrationId}` })
    }

    // 4. Enable (runs register) or disable.
    if (current.enabled !== enabled) {
      await admin.UpdateInstallation({ id: installationId, enabled, integrationId: '' })
      return save(REQUEUE.now, {
        reason: enabled ? 'Enabled' : 'Disabled',
        message: enabled ? 'enabled: register runs' : 'disabled',
      })
    }

    // 5. Where register stands.
    const reg = current.registration
    let requeue: number | undefined
    if (!current.enabled) {
      set({
        type: 'Registered',
        status: 'False',
        reason: 'Disabled',
        message: 'the installation is disabled',
      })
    } else if (reg?.state === 'registered') {
      set({
        type: 'Registered',
        status: 'True',
        reason: 'Registered',
        message: 'the integration registered this installation',
      })
    } else if (reg?.state === 'failed') {
      set({
        type: 'Registered',
        status: 'False',
        reason: 'RegisterFailed',
        message: reg.message || 'register failed',
      })
      requeue = REQUEUE.later
    } else {
      set({
        type: 'Registered',
        status: 'Unknown',
        reason: 'RegisterPending',
        message: `register is running (attempt ${(reg?.attempts ?? 0) + 1})`,
      })
      requeue = REQUEUE.soon
    }
    const registered = isTrue(status.conditions, 'Registered')
    const cause = status.conditions?.find((c) => c.type !== 'Ready' && c.status !== 'True')
    if (configured && registered)
      set({
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: `receiving webhooks at ${status.webhookUrl}`,
      })
    else
      set({
        type: 'Ready',
        status: 'False',
        reason: cause?.reason ?? 'NotReady',
        message: cause?.message ?? '',
      })
    const failed = reg?.state === 'failed' && current.enabled
    return save(
      requeue,
      failed ? { warning: true, reason: 'RegisterFailed', message: reg.message } : undefined,
    )
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
        const status = structuredClone(obj.status ?? {})
        status.conditions = setCondition(
          status.conditions,
          {
            type: 'Ready',
            status: 'False',
            reason: 'Unregistering',
            message: 'waiting for unregister to finish',
          },
          obj.metadata.generation,
        )
        await writeStatus(kube, obj, status)
        return { requeueAfterMs: REQUEUE.soon }
      }
      await ignoreNotFound(secrets.DeleteConfiguration({ installationId: id }))
    }
    await removeFinalizer(kube, obj)
    return {}
  }
}
