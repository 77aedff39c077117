// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { WebhookSettings as _switchboard_admin_v1_WebhookSettings, WebhookSettings__Output as _switchboard_admin_v1_WebhookSettings__Output } from '../../../switchboard/admin/v1/WebhookSettings';

/**
 * What ingress needs to route a webhook, and nothing more.
 */
export interface ResolvedWebhook {
  'installationId'?: (string);
  'botId'?: (string);
  'integrationId'?: (string);
  'enabled'?: (boolean);
  'webhook'?: (_switchboard_admin_v1_WebhookSettings | null);
}

/**
 * What ingress needs to route a webhook, and nothing more.
 */
export interface ResolvedWebhook__Output {
  'installationId': (string);
  'botId': (string);
  'integrationId': (string);
  'enabled': (boolean);
  'webhook': (_switchboard_admin_v1_WebhookSettings__Output | null);
}
