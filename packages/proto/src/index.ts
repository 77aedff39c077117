export { protos, PROTO_ROOT } from './load.js'
export {
  asyncService,
  bearerFrom,
  createGrpcServer,
  bindGrpcServer,
  shutdownGrpcServer,
  MAX_GRPC_MESSAGE_BYTES,
  type AsyncService,
  type AsyncUnary,
  type CallGuard,
} from './server.js'
export { bearerIdentities, type BearerCaller } from './identities.js'
export {
  promiseClient,
  type PromiseClient,
  type ClosablePromiseClient,
  type ClientOptions,
} from './client.js'
import type { ClosablePromiseClient } from './client.js'
import type { AdminServiceClient } from './gen/switchboard/admin/v1/AdminService.js'
import type { ChatServiceClient } from './gen/switchboard/chat/v1/ChatService.js'
import type { SecretsServiceClient } from './gen/switchboard/secrets/v1/SecretsService.js'
/** A promise client of the admin API. */
export type AdminClient = ClosablePromiseClient<AdminServiceClient>
/** A promise client of the chat API. */
export type ChatClient = ClosablePromiseClient<ChatServiceClient>
/** A promise client of the secrets API. */
export type SecretsClient = ClosablePromiseClient<SecretsServiceClient>
export type * as chat from './gen/chat-types.js'
export type * as admin from './gen/admin-types.js'
export type * as secrets from './gen/secrets-types.js'
