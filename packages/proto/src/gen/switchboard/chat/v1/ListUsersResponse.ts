// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { User as _switchboard_chat_v1_User, User__Output as _switchboard_chat_v1_User__Output } from '../../../switchboard/chat/v1/User';

export interface ListUsersResponse {
  'users'?: (_switchboard_chat_v1_User)[];
  'nextToken'?: (string);
}

export interface ListUsersResponse__Output {
  'users': (_switchboard_chat_v1_User__Output)[];
  'nextToken': (string);
}
