/**
 * How many partitions each ordered stream (SB_BOT, SB_OUTGOING) has. A conversation's notices all go
 * to one partition; each partition is one durable consumer that JetStream lets hold one unacknowledged
 * message at a time (docs/adr/0005). It is part of the protocol: producers and consumers must agree,
 * so changing it means draining the ordered streams first.
 */
export const PARTITIONS = 32

/**
 * The partition of an ordering key (a conversation id; an installation id for lifecycle notices):
 * 32-bit FNV-1a of its UTF-8 bytes, modulo PARTITIONS. Stable across processes, versions and
 * languages, so every producer puts a conversation in the same partition.
 */
export function partitionOf(key: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % PARTITIONS
}

/** Every partition number, 0 … PARTITIONS − 1. */
export const ALL_PARTITIONS: readonly number[] = Array.from({ length: PARTITIONS }, (_, p) => p)
