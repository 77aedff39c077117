// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface CreateEventRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'type'?: (string);
  'payloadJson'?: (string);
  'conversationId'?: (string);
  'userId'?: (string);
  'messageId'?: (string);
}

export interface CreateEventRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'type': (string);
  'payloadJson': (string);
  'conversationId': (string);
  'userId': (string);
  'messageId': (string);
}
