// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Bot as _switchboard_admin_v1_Bot, Bot__Output as _switchboard_admin_v1_Bot__Output } from '../../../switchboard/admin/v1/Bot';

export interface ListBotsResponse {
  'bots'?: (_switchboard_admin_v1_Bot)[];
}

export interface ListBotsResponse__Output {
  'bots': (_switchboard_admin_v1_Bot__Output)[];
}
