// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { WebhookSettings as _switchboard_admin_v1_WebhookSettings, WebhookSettings__Output as _switchboard_admin_v1_WebhookSettings__Output } from '../../../switchboard/admin/v1/WebhookSettings';

export interface Integration {
  'id'?: (string);
  'name'?: (string);
  'version'?: (string);
  /**
   * What `bp read` prints: configuration schema, channels, tags, actions, events, states, secrets.
   */
  'definitionJson'?: (string);
  'bundleSha256'?: (string);
  'webhook'?: (_switchboard_admin_v1_WebhookSettings | null);
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

export interface Integration__Output {
  'id': (string);
  'name': (string);
  'version': (string);
  /**
   * What `bp read` prints: configuration schema, channels, tags, actions, events, states, secrets.
   */
  'definitionJson': (string);
  'bundleSha256': (string);
  'webhook': (_switchboard_admin_v1_WebhookSettings__Output | null);
  'createdAt': (string);
  'updatedAt': (string);
}
