import * as grpc from '@grpc/grpc-js'
import { fromGrpcError } from '@switchboard/errors'
import { MAX_GRPC_MESSAGE_BYTES } from './server.js'

type UnaryMethod<Req, Res> = (
  req: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res?: Res) => void,
) => grpc.ClientUnaryCall

/**
 * A client whose unary methods return promises and throw typed Switchboard errors. Generated clients
 * overload each method; TypeScript infers from the last overload, `(argument, callback)`.
 */
export type PromiseClient<C> = {
  [K in keyof C as K extends `${Lowercase<string & K>}` ? never : K]: C[K] extends (
    argument: infer Req,
    callback: grpc.requestCallback<infer Res>,
  ) => grpc.ClientUnaryCall
    ? (req: Req) => Promise<Res>
    : never
}

/** A `PromiseClient` that can be closed. */
export type ClosablePromiseClient<C> = PromiseClient<C> & { close(): void }

/** Options for `promiseClient`. */
export interface ClientOptions {
  /** Sent as `authorization: Bearer <token>` on every call. */
  token?: string
  /** Per-call deadline in milliseconds (default 30 s). */
  timeoutMs?: number
}

/**
 * Wraps a generated grpc-js client constructor: `await client.GetInstallation({ id })`.
 * Errors come back as `NotFoundError`, `UnauthorizedError`, … via `fromGrpcError`.
 */
export function promiseClient<C extends grpc.Client>(
  Ctor: new (address: string, creds: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C,
  address: string,
  opts: ClientOptions = {},
): ClosablePromiseClient<C> {
  const raw = new Ctor(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
  })
  const timeoutMs = opts.timeoutMs ?? 30_000
  return new Proxy({} as ClosablePromiseClient<C>, {
    get(_t, prop: string) {
      if (prop === 'close') return () => raw.close()
      const method = (raw as unknown as Record<string, UnaryMethod<unknown, unknown>>)[prop]
      if (typeof method !== 'function') return undefined
      return (req: unknown) =>
        new Promise((resolve, reject) => {
          const md = new grpc.Metadata()
          if (opts.token) md.set('authorization', `Bearer ${opts.token}`)
          method.call(raw, req, md, { deadline: Date.now() + timeoutMs }, (err, res) =>
            err ? reject(fromGrpcError(err)) : resolve(res),
          )
        })
    },
  })
}
