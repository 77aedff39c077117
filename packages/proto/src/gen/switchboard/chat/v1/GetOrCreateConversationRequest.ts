// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface GetOrCreateConversationRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'channel'?: (string);
  'tags'?: ({[key: string]: string});
  'discriminateByTags'?: (string)[];
}

export interface GetOrCreateConversationRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'channel': (string);
  'tags': ({[key: string]: string});
  'discriminateByTags': (string)[];
}
