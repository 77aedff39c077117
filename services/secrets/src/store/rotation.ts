import { withTransaction, type Pool } from '@switchboard/db'
import { rewrap } from '../crypto/envelope.js'
import type { KeyRing } from '../crypto/keyring.js'
import { lockRecordsNotUnder, setWrappedKey } from './records.js'

/** Options for `rotateRecords`. */
export interface RotateOptions {
  pool: Pool
  ring: KeyRing
  /** Records re-wrapped per transaction. */
  batchSize: number
  /** Called after each committed batch with the running total. */
  onBatch?: (rewrapped: number) => void
}

/**
 * Re-wraps the data key of every record not under the ring's current key, one batch per
 * transaction, and returns how many it re-wrapped. Payloads are not touched. Reads go on meanwhile:
 * each read picks the key by the row's key id, and a row changes key id and wrapped key together.
 * A record whose key is not in the ring stops the rotation with an error; batches already
 * committed stay, and running it again continues where it stopped.
 */
export async function rotateRecords(opts: RotateOptions): Promise<number> {
  const { pool, ring, batchSize } = opts
  let total = 0
  for (;;) {
    const n = await withTransaction(pool, async (tx) => {
      const batch = await lockRecordsNotUnder(tx, ring.current.id, batchSize)
      for (const record of batch) {
        const next = rewrap(ring, record, record)
        await setWrappedKey(tx, record, next.keyId, next.wrappedKey)
      }
      return batch.length
    })
    if (n === 0) return total
    total += n
    opts.onBatch?.(total)
  }
}
