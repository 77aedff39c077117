import { jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream'
import { nanos, type NatsConnection } from '@nats-io/nats-core'
import type { NatsNames } from './names.js'

/** How long JetStream remembers a `Nats-Msg-Id` to drop duplicates (provider retries, outbox replays). */
export const DUPLICATE_WINDOW_MS = 10 * 60_000

/** The stream definitions of ARCHITECTURE.md §7. Work streams keep messages until acknowledged. */
export function streamConfigs(names: NatsNames): Array<Partial<StreamConfig> & { name: string }> {
  const work = {
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: nanos(7 * 24 * 3600_000),
  }
  return [
    { name: names.streams.webhooks, subjects: [names.subjects.all.webhooks], ...work },
    { name: names.streams.bot, subjects: [names.subjects.all.bot], ...work },
    { name: names.streams.outgoing, subjects: [names.subjects.all.outgoing], ...work },
    {
      name: names.streams.dead,
      subjects: [names.subjects.all.dead],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(30 * 24 * 3600_000),
    },
  ]
}

/** Creates the streams if missing (idempotent; safe from several services at once). */
export async function ensureStreams(nc: NatsConnection, names: NatsNames): Promise<void> {
  const jsm = await jetstreamManager(nc)
  for (const cfg of streamConfigs(names)) {
    try {
      await jsm.streams.info(cfg.name)
    } catch {
      try {
        await jsm.streams.add(cfg)
      } catch (err) {
        // Another service may have created it between our info and add.
        await jsm.streams.info(cfg.name).catch(() => Promise.reject(err))
      }
    }
  }
}

/** Deletes every stream of `names` (tests use it to clean up their prefix). */
export async function deleteStreams(nc: NatsConnection, names: NatsNames): Promise<void> {
  const jsm = await jetstreamManager(nc)
  for (const name of Object.values(names.streams)) await jsm.streams.delete(name).catch(() => undefined)
}
