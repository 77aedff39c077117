// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { WebhookSettings as _switchboard_admin_v1_WebhookSettings, WebhookSettings__Output as _switchboard_admin_v1_WebhookSettings__Output } from '../../../switchboard/admin/v1/WebhookSettings';

export interface PutIntegrationRequest {
  'name'?: (string);
  'version'?: (string);
  'definitionJson'?: (string);
  /**
   * The CommonJS bundle. Stored once, addressed by sha256.
   */
  'bundle'?: (Buffer | Uint8Array | string);
  'webhook'?: (_switchboard_admin_v1_WebhookSettings | null);
}

export interface PutIntegrationRequest__Output {
  'name': (string);
  'version': (string);
  'definitionJson': (string);
  /**
   * The CommonJS bundle. Stored once, addressed by sha256.
   */
  'bundle': (Buffer);
  'webhook': (_switchboard_admin_v1_WebhookSettings__Output | null);
}
