// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { ConversationSummary as _switchboard_admin_v1_ConversationSummary, ConversationSummary__Output as _switchboard_admin_v1_ConversationSummary__Output } from '../../../switchboard/admin/v1/ConversationSummary';

export interface ListConversationsResponse {
  'conversations'?: (_switchboard_admin_v1_ConversationSummary)[];
  'nextToken'?: (string);
}

export interface ListConversationsResponse__Output {
  'conversations': (_switchboard_admin_v1_ConversationSummary__Output)[];
  'nextToken': (string);
}
