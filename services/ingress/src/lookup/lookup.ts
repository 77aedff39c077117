import { NotFoundError, InvalidInputError, UnavailableError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { AdminClient } from '@switchboard/proto'
import { parseIdempotencyRule, type KeyExtractor } from '../idempotency/idempotency.js'
import { TtlCache } from '@switchboard/cache'

/** Where a webhook ID leads: the installation, its stream subject and its integration's webhook rules. */
export interface WebhookTarget {
  webhookId: string
  installationId: string
  botId: string
  integrationId: string
  /** `sb.webhook.<installationId>` under the configured prefix. */
  subject: string
  /** How long to wait for the handler's answer before 202. */
  syncTimeoutMs: number
  /** The integration's idempotency rule, compiled; undefined when it declares none. */
  idempotencyKey: KeyExtractor | undefined
}

/** Options of `WebhookLookup`. */
export interface WebhookLookupOptions {
  admin: AdminClient
  logger: Logger
  subjectFor(installationId: string): string
  defaultSyncTimeoutMs: number
  /** How long a found (or disabled) installation is cached. */
  ttlMs: number
  /** How long an unknown webhook ID is remembered as unknown. */
  negativeTtlMs: number
  maxEntries: number
}

/** A webhook ID is URL-safe and short; anything else is not one of ours and is not looked up. */
const WEBHOOK_ID = /^[A-Za-z0-9_-]{1,128}$/

/**
 * Resolves webhook IDs to installations through the admin API's `ResolveWebhook` (the only RPC
 * ingress's webhook-resolver identity may call), with a bounded TTL cache in front.
 * Unknown and disabled IDs are cached as `null` (unknown ones briefly), so a flood of bad IDs costs
 * one admin call per ID per `negativeTtlMs`; concurrent misses for one ID share one call. Changes
 * pushed over NATS call `invalidate`; a lookup that was in flight during an invalidation is not
 * cached, so it cannot put back what was just dropped.
 */
export class WebhookLookup {
  private readonly cache: TtlCache<WebhookTarget | null>
  private readonly inflight = new Map<string, Promise<WebhookTarget | null>>()
  private epoch = 0

  constructor(private readonly opts: WebhookLookupOptions) {
    this.cache = new TtlCache(opts.maxEntries)
  }

  /**
   * The cached answer for `webhookId`: a target, `null` (unknown or disabled), or `undefined`
   * when not cached (call `load`). Synchronous, so a warm request never waits on a promise.
   */
  cached(webhookId: string): WebhookTarget | null | undefined {
    return this.cache.get(webhookId)
  }

  /**
   * Looks `webhookId` up through the admin API (sharing a call already in flight). Resolves to
   * `null` for an ID that is malformed, unknown or disabled; rejects with `UnavailableError` when
   * the admin API cannot answer.
   */
  load(webhookId: string): Promise<WebhookTarget | null> {
    if (!WEBHOOK_ID.test(webhookId)) return Promise.resolve(null)
    const running = this.inflight.get(webhookId)
    if (running) return running
    const epoch = this.epoch
    const p = this.fetch(webhookId).then(
      ({ target, ttlMs }) => {
        this.inflight.delete(webhookId)
        if (epoch === this.epoch) this.cache.set(webhookId, target, ttlMs)
        return target
      },
      (err: unknown) => {
        this.inflight.delete(webhookId)
        throw err
      },
    )
    this.inflight.set(webhookId, p)
    return p
  }

  /** Drops what is known about `webhookId` (its installation changed). */
  invalidate(webhookId: string): void {
    this.epoch++
    this.cache.delete(webhookId)
  }

  /** Drops everything (e.g. after a NATS outage, when change notices may have been missed). */
  clear(): void {
    this.epoch++
    this.cache.clear()
  }

  private async fetch(webhookId: string): Promise<{ target: WebhookTarget | null; ttlMs: number }> {
    const { admin, logger } = this.opts
    let resolved
    try {
      resolved = await admin.ResolveWebhook({ webhookId })
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof InvalidInputError) {
        return { target: null, ttlMs: this.opts.negativeTtlMs }
      }
      throw new UnavailableError('webhook lookup failed: the admin API did not answer', { cause: err })
    }
    if (!resolved.enabled) return { target: null, ttlMs: this.opts.ttlMs }
    let idempotencyKey: KeyExtractor | undefined
    try {
      idempotencyKey = parseIdempotencyRule(resolved.webhook?.idempotencyKey ?? '')
    } catch (err) {
      // A bad rule must not lose webhooks: store them without deduplication, and say so.
      logger.warn({ err, integrationId: resolved.integrationId }, 'ignoring invalid webhook idempotency rule')
    }
    const sync = resolved.webhook?.syncTimeoutMs ?? 0
    return {
      target: {
        webhookId,
        installationId: resolved.installationId,
        botId: resolved.botId,
        integrationId: resolved.integrationId,
        subject: this.opts.subjectFor(resolved.installationId),
        syncTimeoutMs: sync > 0 ? sync : this.opts.defaultSyncTimeoutMs,
        idempotencyKey,
      },
      ttlMs: this.opts.ttlMs,
    }
  }
}
