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
export { promiseClient, type PromiseClient, type ClientOptions } from './client.js'
export type * as chat from './gen/chat-types.js'
export type * as admin from './gen/admin-types.js'
export type * as secrets from './gen/secrets-types.js'
