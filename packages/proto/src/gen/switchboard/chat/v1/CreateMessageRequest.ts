// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface CreateMessageRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'conversationId'?: (string);
  'userId'?: (string);
  'type'?: (string);
  'payloadJson'?: (string);
  'tags'?: ({[key: string]: string});
}

export interface CreateMessageRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'conversationId': (string);
  'userId': (string);
  'type': (string);
  'payloadJson': (string);
  'tags': ({[key: string]: string});
}
