import { InvalidInputError } from '@switchboard/errors'

/**
 * Largest JSON object accepted wherever one comes in (message, event and state payloads, action
 * input, workflow input and output, task data, file metadata…), serialised: the 128 KiB Botpress
 * documents for message payloads. `@botpress/api` states no figure of its own.
 */
export const MAX_PAYLOAD_BYTES = 128 * 1024

/** What a refused payload is told, after its field's name. */
export const PAYLOAD_TOO_LARGE = `larger than ${MAX_PAYLOAD_BYTES / 1024} KiB (${MAX_PAYLOAD_BYTES} bytes) as JSON`

/** Whether `value`, serialised as JSON, is within `MAX_PAYLOAD_BYTES`. */
export function payloadFits(value: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(value) ?? '') <= MAX_PAYLOAD_BYTES
}

/** Throws a 400 naming `field` and the limit when `value` is over `MAX_PAYLOAD_BYTES`. */
export function checkPayloadSize(field: string, value: unknown): void {
  if (!payloadFits(value)) throw new InvalidInputError(`${field}: ${PAYLOAD_TOO_LARGE}`)
}
