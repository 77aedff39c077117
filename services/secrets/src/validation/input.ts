import { InvalidInputError, PayloadTooLargeError } from '@switchboard/errors'

const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/

/** Checks an installation or integration id: 1-128 letters, digits, `_ . : -`. Returns it. */
export function requireSubjectId(field: string, value: string | undefined): string {
  if (!value) throw new InvalidInputError(`${field}: is required`)
  if (!SUBJECT_ID.test(value)) {
    throw new InvalidInputError(
      `${field}: must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit`,
    )
  }
  return value
}

/** Throws a `PayloadTooLargeError` (RESOURCE_EXHAUSTED) naming the field and the limit when `text` is over it. */
export function checkSize(field: string, text: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(`${field} is ${bytes} bytes; the limit is ${maxBytes} bytes`)
  }
}

/**
 * Parses JSON from a request field. The error names the field and the position but, unlike
 * `JSON.parse`'s own message, never quotes the input (it may be a secret), so the parse error is
 * not kept as `cause`.
 */
export function parseJsonField(field: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message)?.[1]
    throw new InvalidInputError(`${field}: malformed JSON${at ? ` at position ${at}` : ''}`)
  }
}
