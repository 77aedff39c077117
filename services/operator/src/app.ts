import type { Logger } from '@switchboard/logging'
import { startHealthServer } from '@switchboard/service'
import { promiseClient, protos, type AdminClient, type SecretsClient } from '@switchboard/proto'
import { createMetricsRegistry } from '@switchboard/telemetry'
import { BotReconciler } from './bot/reconciler.js'
import { Controller } from './controller/controller.js'
import { KubeEventRecorder } from './controller/events.js'
import { Informer, type InformerEvent } from './controller/informer.js'
import type { CacheView, Watch } from './controller/watches.js'
import type { OperatorConfig } from './config.js'
import type { OperatorSettings, ReconcilerDeps } from './deps.js'
import { InstallationReconciler } from './installation/reconciler.js'
import { IntegrationReconciler } from './integration/reconciler.js'
import type { KubeApi, KubeObject, TypeRef } from './kube/api.js'
import { LeaderElector } from './leader/lease.js'
import { createOperatorMetrics } from './metrics.js'
import { Sandboxes } from './sandboxes/sandboxes.js'

/** A running operator. */
export interface Operator {
  httpPort: number
  /** The controllers, by kind (tests drive them). */
  controllers: { Integration: Controller; Bot: Controller; Installation: Controller }
  stop(): Promise<void>
}

/** Collaborators; tests pass a fake Kubernetes API. */
export interface OperatorDeps {
  kube: KubeApi
  admin?: AdminClient
  secrets?: SecretsClient
  fetch?: typeof fetch
  /** Called when this replica loses the leader lease (main.ts exits, so it restarts as a follower). */
  onLostLeadership?: () => void
}

/** The settings reconcilers read, from the configuration. */
export function settingsFrom(config: OperatorConfig): OperatorSettings {
  return {
    publicWebhookBaseUrl: config.PUBLIC_WEBHOOK_BASE_URL,
    chatApiUrl: config.CHAT_API_URL,
    runnerImage: config.RUNNER_IMAGE,
    imagePullPolicy: config.SANDBOX_IMAGE_PULL_POLICY,
    defaultMemoryMb: config.SANDBOX_MEMORY_MB,
    dispatcher: { namespace: config.DISPATCHER_NAMESPACE, podLabels: config.DISPATCHER_POD_LABELS },
    deleteTimeoutMs: config.DELETE_TIMEOUT_MS,
    bundleMaxBytes: config.BUNDLE_MAX_BYTES,
    watchNamespaces: config.WATCH_NAMESPACES,
  }
}

/**
 * Starts the operator: informers on Integrations, Bots, Installations and what they reference (Secrets,
 * ConfigMaps, the sandbox Deployments) feed one work queue per kind; each kind has its reconciler. The
 * workers run only on the replica holding the leader Lease. Serves /healthz, /readyz and /metrics.
 */
export async function startOperator(
  config: OperatorConfig,
  logger: Logger,
  deps: OperatorDeps,
): Promise<Operator> {
  const { kube } = deps
  const admin =
    deps.admin ??
    promiseClient(protos.admin.AdminService, config.ADMIN_GRPC_URL, { token: config.ADMIN_TOKEN })
  const secrets =
    deps.secrets ??
    promiseClient(protos.secrets.SecretsService, config.SECRETS_GRPC_URL, {
      token: config.SECRETS_ADMIN_TOKEN,
    })
  const settings = settingsFrom(config)
  const events = new KubeEventRecorder(kube, logger, config.POD_NAME)
  const rdeps: ReconcilerDeps = {
    kube,
    admin,
    secrets,
    events,
    sandboxes: new Sandboxes(kube, admin, settings, logger),
    settings,
    logger,
    fetch: deps.fetch,
  }

  const registry = createMetricsRegistry('operator')
  const metrics = createOperatorMetrics(registry)
  const controller = (name: string, reconcile: (key: string) => Promise<{ requeueAfterMs?: number }>) =>
    new Controller({
      name,
      reconcile,
      logger: logger.child({ controller: name }),
      workers: config.WORKERS,
      metrics,
    })
  const integrationRec = new IntegrationReconciler(rdeps)
  const botRec = new BotReconciler(rdeps)
  const installationRec = new InstallationReconciler(rdeps)
  const controllers = {
    Integration: controller('integration', (k) => integrationRec.reconcile(k)),
    Bot: controller('bot', (k) => botRec.reconcile(k)),
    Installation: controller('installation', (k) => installationRec.reconcile(k)),
  }

  // Each reconciler declares its watches; one informer per watched type (and options) and namespace
  // feeds every controller that watches it.
  const watching = [
    { controller: controllers.Integration, watches: integrationRec.watches() },
    { controller: controllers.Bot, watches: botRec.watches() },
    { controller: controllers.Installation, watches: installationRec.watches() },
  ].flatMap(({ controller, watches }) => watches.map((watch) => ({ controller, watch })))
  const informers: Informer[] = []
  const cache: CacheView = {
    list: <T extends KubeObject>(type: TypeRef) =>
      informers.filter((i) => i.type.kind === type.kind && !i.metadataOnly).flatMap((i) => i.list()) as T[],
  }
  const signature = (w: Watch) => `${w.type.kind}|${w.metadataOnly ?? false}|${w.labelSelector ?? ''}`
  const namespaces = config.WATCH_NAMESPACES.length ? config.WATCH_NAMESPACES : [undefined]
  for (const sig of [...new Set(watching.map(({ watch }) => signature(watch)))]) {
    const routes = watching.filter(({ watch }) => signature(watch) === sig)
    const { type, metadataOnly, labelSelector } = routes[0]!.watch
    const handler = (_e: InformerEvent, obj: KubeObject) => {
      for (const { controller, watch } of routes)
        for (const key of watch.keysFor(obj, cache)) controller.queue.add(key)
    }
    for (const namespace of namespaces) {
      const options = { namespace, resyncMs: config.RESYNC_INTERVAL_MS, metadataOnly, labelSelector }
      informers.push(new Informer(kube, type, options, handler, logger))
    }
  }
  // Full caches (the custom resources) first, so references resolve when Secret events arrive.
  for (const inf of [...informers].sort((x, y) => Number(!!x.metadataOnly) - Number(!!y.metadataOnly)))
    await inf.start()
  let synced = true

  const startControllers = () => Object.values(controllers).forEach((c) => c.start())
  let elector: LeaderElector | undefined
  if (config.LEADER_ELECTION) {
    elector = new LeaderElector({
      kube,
      logger,
      namespace: config.POD_NAMESPACE,
      name: config.LEASE_NAME,
      identity: config.POD_NAME,
    })
    elector.run({
      onStarted: startControllers,
      onStopped: () => {
        logger.fatal('lost the leader lease: stopping so that only one replica reconciles')
        ;(deps.onLostLeadership ?? (() => undefined))()
      },
    })
  } else startControllers()

  const http = await startHealthServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logger,
    registry,
    ready: () => synced,
  })
  const httpPort = http.port
  logger.info(
    { httpPort, namespaces: config.WATCH_NAMESPACES, leaderElection: config.LEADER_ELECTION },
    'operator started',
  )

  return {
    httpPort,
    controllers,
    async stop() {
      synced = false
      await http.close()
      await elector?.stop()
      await Promise.all(Object.values(controllers).map((c) => c.stop()))
      await Promise.all(informers.map((i) => i.stop()))
      if (!deps.admin) admin.close()
      if (!deps.secrets) secrets.close()
    },
  }
}
