// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { User as _switchboard_chat_v1_User, User__Output as _switchboard_chat_v1_User__Output } from '../../../switchboard/chat/v1/User';

export interface GetOrCreateUserResponse {
  'user'?: (_switchboard_chat_v1_User | null);
  'created'?: (boolean);
}

export interface GetOrCreateUserResponse__Output {
  'user': (_switchboard_chat_v1_User__Output | null);
  'created': (boolean);
}
