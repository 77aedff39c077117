import { randomUUID } from 'node:crypto'
import { asSwitchboardError, type ErrorCode } from './errors.js'

/** The Runtime API error body, as `@botpress/client` parses it. */
export interface HttpErrorBody {
  id: string
  code: number
  type: string
  message: string
}

const httpByCode: Record<ErrorCode, { status: number; type: string }> = {
  InvalidInput: { status: 400, type: 'InvalidPayload' },
  Unauthorized: { status: 401, type: 'Unauthorized' },
  Forbidden: { status: 403, type: 'Forbidden' },
  NotFound: { status: 404, type: 'ResourceNotFound' },
  Conflict: { status: 409, type: 'AlreadyExists' },
  PayloadTooLarge: { status: 413, type: 'PayloadTooLarge' },
  Unavailable: { status: 503, type: 'Internal' },
  Timeout: { status: 504, type: 'OperationTimeout' },
  Internal: { status: 500, type: 'Internal' },
}

/**
 * Maps any thrown value to an HTTP status and the standard error body. Internal errors never
 * leak their message (it may contain SQL or secrets); the caller logs `cause` instead.
 */
export function toHttpError(err: unknown): { status: number; body: HttpErrorBody } {
  const e = asSwitchboardError(err)
  const { status, type } = httpByCode[e.code]
  const message = e.code === 'Internal' ? 'An internal error occurred' : e.message
  return { status, body: { id: `err_${randomUUID()}`, code: status, type, message } }
}
