import type { AddressInfo } from 'node:net'
import type { Logger } from '@switchboard/logging'
import { connectNats, ensureStreams, natsNames, type NatsConnection } from '@switchboard/nats'
import { promiseClient, protos } from '@switchboard/proto'
import { createMetricsRegistry } from '@switchboard/telemetry'
import type { IngressConfig } from './config.js'
import { WebhookDelivery } from './delivery/delivery.js'
import { createIngressServer } from './http/server.js'
import { followInstallationChanges } from './lookup/invalidation.js'
import { WebhookLookup } from './lookup/lookup.js'
import { createIngressMetrics } from './telemetry.js'

/** A running ingress: its bound HTTP port, and `stop()` for a graceful shutdown. */
export interface Ingress {
  port: number
  stop(): Promise<void>
}

/** Deadline of one admin API lookup: a webhook caller is waiting on it. */
const LOOKUP_TIMEOUT_MS = 5_000

/**
 * Starts ingress: the HTTP server on `HTTP_PORT` (0 picks a free port), webhook ID lookups through
 * chat-api's admin API, and JetStream publishing. NATS being down does not stop it from starting:
 * webhooks are answered 503 (with Retry-After) until it is connected.
 */
export async function startIngress(config: IngressConfig, logger: Logger): Promise<Ingress> {
  const names = natsNames(config.NATS_PREFIX)
  const admin = promiseClient(protos.admin.AdminService, config.ADMIN_GRPC_URL, {
    token: config.WEBHOOK_RESOLVER_TOKEN,
    timeoutMs: LOOKUP_TIMEOUT_MS,
  })
  const lookup = new WebhookLookup({
    admin,
    logger,
    subjectFor: (installationId) => names.subjects.webhook(installationId),
    defaultSyncTimeoutMs: config.DEFAULT_SYNC_TIMEOUT_MS,
    ttlMs: config.LOOKUP_CACHE_TTL_MS,
    negativeTtlMs: config.LOOKUP_NEGATIVE_TTL_MS,
    maxEntries: config.LOOKUP_CACHE_MAX_ENTRIES,
  })
  const ensure = (nc: NatsConnection) =>
    ensureStreams(nc, names).catch((err: unknown) => logger.warn({ err }, 'could not ensure the streams'))
  let nc: NatsConnection | undefined
  const delivery = new WebhookDelivery({
    logger,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    onReconnect: () => {
      // Change notices sent while we were away are lost: forget everything we knew.
      lookup.clear()
      if (nc) void ensure(nc)
    },
  })
  let unfollow: (() => void) | undefined
  let stopped = false
  const connecting = connectNats(config.NATS_URL, 'ingress', { waitOnFirstConnect: true }).then((c) => {
    if (stopped) return c
    nc = c
    unfollow = followInstallationChanges(c, names.subjects.installationChanged, lookup, logger)
    delivery.attach(c)
    logger.info('connected to NATS')
    // Until the streams exist, publishes are answered 503 (no stream takes the subject).
    void ensure(c)
    return c
  })
  connecting.catch((err: unknown) => logger.error({ err }, 'NATS connection failed'))

  const registry = createMetricsRegistry('ingress')
  const server = createIngressServer({
    lookup,
    delivery,
    metrics: createIngressMetrics(registry),
    registry,
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.HTTP_PORT, config.HTTP_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  logger.info({ port, publicUrl: config.PUBLIC_URL }, 'ingress listening')

  return {
    port,
    async stop() {
      stopped = true
      // Stop taking requests; those in flight finish: their publish is acknowledged or times out,
      // and nobody waits for a handler's answer any more (it is a 202, the webhook is stored).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      delivery.drain()
      // Keep-alive connections go as soon as their last response is out, not after their idle timeout.
      const idle = setInterval(() => server.closeIdleConnections(), 50)
      const force = setTimeout(() => server.closeAllConnections(), config.PUBLISH_TIMEOUT_MS + 1000)
      await closed
      clearInterval(idle)
      clearTimeout(force)
      unfollow?.()
      delivery.shutdown()
      if (nc) await nc.drain().catch(() => nc?.close())
      else void connecting.then((c) => c.close()).catch(() => undefined)
      admin.close()
    },
  }
}
