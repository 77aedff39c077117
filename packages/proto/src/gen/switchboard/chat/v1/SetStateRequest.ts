// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from '../../../switchboard/chat/v1/Scope';

export interface SetStateRequest {
  'scope'?: (_switchboard_chat_v1_Scope | null);
  'type'?: (string);
  'ownerId'?: (string);
  'name'?: (string);
  'payloadJson'?: (string);
  /**
   * Seconds until the state expires; 0 = never.
   */
  'expirySeconds'?: (number);
}

export interface SetStateRequest__Output {
  'scope': (_switchboard_chat_v1_Scope__Output | null);
  'type': (string);
  'ownerId': (string);
  'name': (string);
  'payloadJson': (string);
  /**
   * Seconds until the state expires; 0 = never.
   */
  'expirySeconds': (number);
}
