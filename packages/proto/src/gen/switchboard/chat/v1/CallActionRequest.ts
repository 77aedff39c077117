// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface CallActionRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  /**
   * `<alias>:<action>`
   */
  'type'?: (string);
  'inputJson'?: (string);
}

export interface CallActionRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  /**
   * `<alias>:<action>`
   */
  'type': (string);
  'inputJson': (string);
}
