// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type { Conversation as _switchboard_chat_v1_Conversation, Conversation__Output as _switchboard_chat_v1_Conversation__Output } from '../../../switchboard/chat/v1/Conversation';

export interface GetOrCreateConversationResponse {
  'conversation'?: (_switchboard_chat_v1_Conversation | null);
  'created'?: (boolean);
}

export interface GetOrCreateConversationResponse__Output {
  'conversation': (_switchboard_chat_v1_Conversation__Output | null);
  'created': (boolean);
}
