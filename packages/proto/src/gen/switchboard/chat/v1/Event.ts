// Original file: ../../proto/switchboard/chat/v1/chat.proto


export interface Event {
  'id'?: (string);
  'createdAt'?: (string);
  'type'?: (string);
  'payloadJson'?: (string);
  'conversationId'?: (string);
  'userId'?: (string);
  'messageId'?: (string);
  'status'?: (string);
  'failureReason'?: (string);
}

export interface Event__Output {
  'id': (string);
  'createdAt': (string);
  'type': (string);
  'payloadJson': (string);
  'conversationId': (string);
  'userId': (string);
  'messageId': (string);
  'status': (string);
  'failureReason': (string);
}
