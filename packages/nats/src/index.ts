export { natsNames, type NatsNames } from './names.js'
export { ensureStreams, deleteStreams, streamConfigs, DUPLICATE_WINDOW_MS } from './streams.js'
export { connectNats } from './connect.js'
export { headers, type MsgHdrs, type NatsConnection } from '@nats-io/nats-core'
export { jetstream, jetstreamManager, type JetStreamClient, type JsMsg } from '@nats-io/jetstream'
export type {
  ChatNotice,
  MessageCreatedNotice,
  EventCreatedNotice,
  LifecycleNotice,
  MessageUpdatedNotice,
  ConversationUpdatedNotice,
  BotLifecycleNotice,
} from './notices.js'
export { ORDER_HEADERS, orderHeaders, type HandlerLogRecord } from './notices.js'
export { REPLY_TO_HEADER, type WebhookEnvelope, type WebhookReply } from './webhooks.js'
export {
  ACTION_QUEUE,
  isOperationRequest,
  type ActionRequest,
  type ActionReply,
  type OperationRequest,
} from './actions.js'
