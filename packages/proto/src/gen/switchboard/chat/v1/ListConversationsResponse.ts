// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Conversation as _switchboard_chat_v1_Conversation, Conversation__Output as _switchboard_chat_v1_Conversation__Output } from '../../../switchboard/chat/v1/Conversation';

export interface ListConversationsResponse {
  'conversations'?: (_switchboard_chat_v1_Conversation)[];
  'nextToken'?: (string);
}

export interface ListConversationsResponse__Output {
  'conversations': (_switchboard_chat_v1_Conversation__Output)[];
  'nextToken': (string);
}
