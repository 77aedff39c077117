import * as grpc from '@grpc/grpc-js'
import { checkUntrustedInput, InvalidInputError, toGrpcError, UnauthorizedError } from '@switchboard/errors'
import { MalformedRequest } from './load.js'

/** Largest gRPC message accepted or sent: bundles travel through the admin API. */
export const MAX_GRPC_MESSAGE_BYTES = 64 * 1024 * 1024

/** An async unary handler: gets the request and the call's metadata, returns the response. */
export type AsyncUnary<Req, Res> = (req: Req, call: { metadata: grpc.Metadata; peer: string }) => Promise<Res>

/** Handlers for every method of a service, written as async functions. */
export type AsyncService<Impl> = {
  [K in keyof Impl as string extends K ? never : K]: Impl[K] extends grpc.handleUnaryCall<
    infer Req,
    infer Res
  >
    ? AsyncUnary<Req, Res>
    : never
}

/** Hook run before each call (auth); throw a Switchboard error to reject. */
export type CallGuard = (method: string, metadata: grpc.Metadata) => void | Promise<void>

/**
 * Turns async handlers into grpc-js handlers. Errors are mapped once, here, with `toGrpcError`;
 * `onError` sees the original error (for logging) before it is mapped.
 */
export function asyncService<Impl extends grpc.UntypedServiceImplementation>(
  handlers: AsyncService<Impl>,
  opts: { guard?: CallGuard; onError?: (method: string, err: unknown) => void } = {},
): Impl {
  const out: Record<string, grpc.handleUnaryCall<unknown, unknown>> = {}
  for (const [name, fn] of Object.entries(handlers) as Array<[string, AsyncUnary<unknown, unknown>]>) {
    out[name] = (call, callback) => {
      void (async () => {
        try {
          await opts.guard?.(name, call.metadata)
          checkRequest(name, call.request)
          const res = await fn(call.request, { metadata: call.metadata, peer: call.getPeer() })
          callback(null, res)
        } catch (err) {
          opts.onError?.(name, err)
          callback(toGrpcError(err) as grpc.ServiceError)
        }
      })()
    }
  }
  return out as unknown as Impl
}

/**
 * What every gRPC door refuses before a handler runs, as INVALID_ARGUMENT naming the field: a request
 * that is not a valid message, and NUL bytes, lone surrogates, oversized strings and deep JSON in any
 * field (`*Json` fields are parsed and checked too) (docs/limits.md).
 */
function checkRequest(method: string, request: unknown): void {
  if (request instanceof MalformedRequest)
    throw new InvalidInputError(`request: not a valid ${method} request message (${request.reason})`)
  checkUntrustedInput(request, 'request', { jsonFields: (k) => k.endsWith('Json') })
}

/** Reads `authorization: Bearer <token>` from call metadata; throws Unauthorized when absent. */
export function bearerFrom(metadata: grpc.Metadata): string {
  const v = metadata.get('authorization')[0]
  const m = typeof v === 'string' ? /^Bearer\s+(.+)$/i.exec(v) : null
  if (!m?.[1]) throw new UnauthorizedError('missing bearer token')
  return m[1]
}

/** Creates a server with Switchboard's message limits. */
export function createGrpcServer(): grpc.Server {
  return new grpc.Server({
    'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
  })
}

/** Binds `server` on `host:port` (0 = any free port) and returns the bound port. */
export function bindGrpcServer(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    )
  })
}

/** Stops accepting calls and waits (up to `graceMs`) for running ones, then forces shutdown. */
export function shutdownGrpcServer(server: grpc.Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown()
      resolve()
    }, graceMs)
    server.tryShutdown(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
