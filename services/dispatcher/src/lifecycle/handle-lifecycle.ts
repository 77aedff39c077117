import type { JsMsg } from '@nats-io/jetstream'
import { asSwitchboardError, NotFoundError } from '@switchboard/errors'
import type { LifecycleNotice } from '@switchboard/nats'
import type { AdminClient } from '@switchboard/proto'
import type { Invoker } from '../invoke/invoker.js'
import type { Registry } from '../registry/registry.js'

/** Dependencies of the lifecycle handler. */
export interface LifecycleDeps {
  registry: Registry
  invoker: Invoker
  admin: AdminClient
  /** Attempts before the message is given up on: the report of that attempt is final. */
  maxAttempts: number
}

/**
 * Runs an installation's `ping` then `register` (with its webhook URL), or its `unregister` handler and reports each
 * attempt to chat-api, so a failure shows in the installation's status with the handler's error while
 * it is retried. A final unregister report — success, or the last failed attempt — lets chat-api
 * delete the installation.
 */
export async function handleLifecycle(
  deps: LifecycleDeps,
  notice: LifecycleNotice,
  msg: JsMsg,
): Promise<void> {
  let target
  try {
    target = await deps.registry.target(notice.installationId)
  } catch (err) {
    if (err instanceof NotFoundError) return // deleted (forced) meanwhile: nothing to run
    throw err
  }
  if (notice.kind === 'register' && !target.installation.enabled) return
  const report = (ok: boolean, message: string, final: boolean) =>
    deps.admin
      .ReportRegistration({
        installationId: notice.installationId,
        operation: notice.kind,
        ok,
        message,
        final,
      })
      .catch((err) => {
        if (!(err instanceof NotFoundError)) throw err
      })
  try {
    // `ping` first: the integration answers at all (a bundle that does not load fails here, plainly).
    if (notice.kind === 'register') await deps.invoker.integration(target, 'ping', {})
    await deps.invoker.integration(target, notice.kind, { webhookUrl: deps.invoker.webhookUrl(target) })
  } catch (err) {
    await report(false, asSwitchboardError(err).message, msg.info.deliveryCount >= deps.maxAttempts)
    throw err
  }
  await report(true, '', true)
}
