export { natsNames, subjectOwner, type NatsNames } from './names.js'
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
export { type HandlerLogRecord } from './notices.js'
export { PARTITIONS, ALL_PARTITIONS, partitionOf } from './partitions.js'
export { REPLY_TO_HEADER, type WebhookEnvelope, type WebhookReply } from './webhooks.js'
export {
  ACTION_QUEUE,
  isOperationRequest,
  type ActionRequest,
  type ActionReply,
  type OperationRequest,
} from './actions.js'
export {
  listDeadLetters,
  replayDeadLetter,
  DeadLetterNotFoundError,
  REPLAYED_FROM_HEADER,
  type DeadLetter,
  type ListedDeadLetter,
} from './dead-letters.js'
