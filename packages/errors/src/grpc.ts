import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js'
import {
  asSwitchboardError,
  ConflictError,
  ForbiddenError,
  InternalError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  type ErrorCode,
  type SwitchboardError,
} from './errors.js'

const grpcByCode: Record<ErrorCode, GrpcStatus> = {
  InvalidInput: GrpcStatus.INVALID_ARGUMENT,
  Unauthorized: GrpcStatus.UNAUTHENTICATED,
  Forbidden: GrpcStatus.PERMISSION_DENIED,
  NotFound: GrpcStatus.NOT_FOUND,
  Conflict: GrpcStatus.ALREADY_EXISTS,
  PayloadTooLarge: GrpcStatus.RESOURCE_EXHAUSTED,
  Unavailable: GrpcStatus.UNAVAILABLE,
  Timeout: GrpcStatus.DEADLINE_EXCEEDED,
  Internal: GrpcStatus.INTERNAL,
}

/** Maps any thrown value to a gRPC error for a server callback. Internal details never leak. */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  const e = asSwitchboardError(err)
  const metadata = new Metadata()
  metadata.set('switchboard-error-code', e.code)
  return {
    code: grpcByCode[e.code],
    details: e.code === 'Internal' ? 'internal error' : e.message,
    metadata,
  }
}

/** Turns an error received from a gRPC call back into the typed Switchboard error. */
export function fromGrpcError(err: unknown): SwitchboardError {
  const e = err as Partial<ServiceError>
  if (typeof e?.code !== 'number') return asSwitchboardError(err)
  const message = e.details ?? e.message ?? 'gRPC error'
  const opts = { cause: err }
  switch (e.code) {
    case GrpcStatus.INVALID_ARGUMENT:
      return new InvalidInputError(message, opts)
    case GrpcStatus.UNAUTHENTICATED:
      return new UnauthorizedError(message, opts)
    case GrpcStatus.PERMISSION_DENIED:
      return new ForbiddenError(message, opts)
    case GrpcStatus.NOT_FOUND:
      return new NotFoundError(message, opts)
    case GrpcStatus.ALREADY_EXISTS:
      return new ConflictError(message, opts)
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new PayloadTooLargeError(message, opts)
    case GrpcStatus.UNAVAILABLE:
      return new UnavailableError(message, opts)
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new TimeoutError(message, opts)
    default:
      return new InternalError(message, opts)
  }
}
