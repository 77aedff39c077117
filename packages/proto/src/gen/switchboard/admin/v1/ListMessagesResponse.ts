// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { MessageSummary as _switchboard_admin_v1_MessageSummary, MessageSummary__Output as _switchboard_admin_v1_MessageSummary__Output } from '../../../switchboard/admin/v1/MessageSummary';

export interface ListMessagesResponse {
  'messages'?: (_switchboard_admin_v1_MessageSummary)[];
  'nextToken'?: (string);
}

export interface ListMessagesResponse__Output {
  'messages': (_switchboard_admin_v1_MessageSummary__Output)[];
  'nextToken': (string);
}
