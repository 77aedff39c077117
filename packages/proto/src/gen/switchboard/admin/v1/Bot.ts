// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { BotEndpoint as _switchboard_admin_v1_BotEndpoint, BotEndpoint__Output as _switchboard_admin_v1_BotEndpoint__Output } from '../../../switchboard/admin/v1/BotEndpoint';

export interface Bot {
  'id'?: (string);
  'name'?: (string);
  /**
   * Either a bundle (built with @botpress/sdk's Bot) or an external endpoint.
   */
  'bundleSha256'?: (string);
  'endpoint'?: (_switchboard_admin_v1_BotEndpoint | null);
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface Bot__Output {
  'id': (string);
  'name': (string);
  /**
   * Either a bundle (built with @botpress/sdk's Bot) or an external endpoint.
   */
  'bundleSha256': (string);
  'endpoint': (_switchboard_admin_v1_BotEndpoint__Output | null);
  'createdAt': (string);
  'updatedAt': (string);
}
