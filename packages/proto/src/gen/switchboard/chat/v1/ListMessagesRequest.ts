// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface ListMessagesRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'conversationId'?: (string);
  'tags'?: ({[key: string]: string});
  'nextToken'?: (string);
  'pageSize'?: (number);
}

export interface ListMessagesRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'conversationId': (string);
  'tags': ({[key: string]: string});
  'nextToken': (string);
  'pageSize': (number);
}
