import { randomBytes } from 'node:crypto'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A new id `<prefix>_<ULID>`: 48 bits of milliseconds then 80 random bits, Crockford base32, so ids
 * sort by creation time (good for index locality and as a pagination tie-breaker).
 */
export function newId(prefix: string): string {
  let time = Date.now()
  let ts = ''
  for (let i = 0; i < 10; i++) {
    ts = CROCKFORD[time % 32] + ts
    time = Math.floor(time / 32)
  }
  const bytes = randomBytes(16)
  let rand = ''
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i]! % 32]
  return `${prefix}_${ts}${rand}`
}

/** Ids that chat-api generates: the Runtime API accepts only these shapes in paths. */
export const ID_PATTERN = /^[a-z]+_[0-9A-Z]{26}$/
