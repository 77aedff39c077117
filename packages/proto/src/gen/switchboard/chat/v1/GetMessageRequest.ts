// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface GetMessageRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'id'?: (string);
}

export interface GetMessageRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'id': (string);
}
