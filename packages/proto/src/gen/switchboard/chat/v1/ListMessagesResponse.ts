// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Message as _switchboard_chat_v1_Message, Message__Output as _switchboard_chat_v1_Message__Output } from '../../../switchboard/chat/v1/Message';

export interface ListMessagesResponse {
  'messages'?: (_switchboard_chat_v1_Message)[];
  'nextToken'?: (string);
}

export interface ListMessagesResponse__Output {
  'messages': (_switchboard_chat_v1_Message__Output)[];
  'nextToken': (string);
}
