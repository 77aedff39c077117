import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { fileURLToPath } from 'node:url'
import type { ProtoGrpcType as AdminProto } from './gen/admin.js'
import type { ProtoGrpcType as ChatProto } from './gen/chat.js'
import type { ProtoGrpcType as SecretsProto } from './gen/secrets.js'

/** The folder holding `switchboard/<api>/v1/*.proto`. */
export const PROTO_ROOT = fileURLToPath(new URL('../../../proto', import.meta.url))

/** Loader options; they must match the flags the types in `src/gen` were generated with. */
const LOAD_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
}

/**
 * A request a server could not decode (not a valid protobuf message of its type). grpc-js itself
 * would answer INTERNAL; `asyncService` answers INVALID_ARGUMENT instead.
 */
export class MalformedRequest {
  constructor(readonly reason: string) {}
}

/** Makes every service's request decoding return a `MalformedRequest` instead of throwing. */
function tolerateMalformedRequests(pkg: Record<string, unknown>): void {
  for (const v of Object.values(pkg)) {
    const service = (v as { service?: grpc.ServiceDefinition } | undefined)?.service
    if (typeof v !== 'function' || !service) continue
    for (const method of Object.values(service)) {
      const decode = method.requestDeserialize
      ;(method as { requestDeserialize: (b: Buffer) => unknown }).requestDeserialize = (b: Buffer) => {
        try {
          return decode(b)
        } catch (err) {
          return new MalformedRequest((err as Error).message)
        }
      }
    }
  }
}

function load<T>(file: string): T {
  const def = protoLoader.loadSync(file, LOAD_OPTIONS)
  return grpc.loadPackageDefinition(def) as unknown as T
}

/** The loaded gRPC packages, typed by the generated code. */
export const protos = {
  chat: load<ChatProto>('switchboard/chat/v1/chat.proto').switchboard.chat.v1,
  admin: load<AdminProto>('switchboard/admin/v1/admin.proto').switchboard.admin.v1,
  secrets: load<SecretsProto>('switchboard/secrets/v1/secrets.proto').switchboard.secrets.v1,
}
for (const pkg of Object.values(protos)) tolerateMalformedRequests(pkg as unknown as Record<string, unknown>)
