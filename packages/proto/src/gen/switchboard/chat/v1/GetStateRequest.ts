// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface GetStateRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'type'?: (string);
  'ownerId'?: (string);
  'name'?: (string);
}

export interface GetStateRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'type': (string);
  'ownerId': (string);
  'name': (string);
}
