// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface ListConversationsRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'tags'?: ({[key: string]: string});
  'channel'?: (string);
  'participantIds'?: (string)[];
  'nextToken'?: (string);
  'pageSize'?: (number);
}

export interface ListConversationsRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'tags': ({[key: string]: string});
  'channel': (string);
  'participantIds': (string)[];
  'nextToken': (string);
  'pageSize': (number);
}
