export {
  type ErrorCode,
  SwitchboardError,
  InvalidInputError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnavailableError,
  TimeoutError,
  InternalError,
  asSwitchboardError,
  isRetryable,
} from './errors.js'
export { toHttpError, type HttpErrorBody } from './http.js'
export { toGrpcError, fromGrpcError } from './grpc.js'
export { checkUntrustedInput, badText, INPUT_LIMITS } from './input.js'
