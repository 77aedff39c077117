// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { BotEndpoint as _switchboard_admin_v1_BotEndpoint, BotEndpoint__Output as _switchboard_admin_v1_BotEndpoint__Output } from '../../../switchboard/admin/v1/BotEndpoint';

export interface PutBotRequest {
  'name'?: (string);
  'bundle'?: (Buffer | Uint8Array | string);
  'endpoint'?: (_switchboard_admin_v1_BotEndpoint | null);
  /**
   * The bot definition as JSON (what its bot.definition.ts declares); its `recurringEvents` fire on
   * their cron schedules. Empty = the bot's recurring events stay as they are.
   */
  'definitionJson'?: (string);
}

export interface PutBotRequest__Output {
  'name': (string);
  'bundle': (Buffer);
  'endpoint': (_switchboard_admin_v1_BotEndpoint__Output | null);
  /**
   * The bot definition as JSON (what its bot.definition.ts declares); its `recurringEvents` fire on
   * their cron schedules. Empty = the bot's recurring events stay as they are.
   */
  'definitionJson': (string);
}
