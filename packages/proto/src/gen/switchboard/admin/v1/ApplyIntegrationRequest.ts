// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { BundleSource as _switchboard_admin_v1_BundleSource, BundleSource__Output as _switchboard_admin_v1_BundleSource__Output } from '../../../switchboard/admin/v1/BundleSource';
import type { WebhookSettings as _switchboard_admin_v1_WebhookSettings, WebhookSettings__Output as _switchboard_admin_v1_WebhookSettings__Output } from '../../../switchboard/admin/v1/WebhookSettings';

/**
 * Publishes an integration version the way `switchboard apply` and the operator both do: the
 * definition (what `bp read` prints) is validated (name, version, a usable configuration schema), the
 * bundle is taken as given or downloaded from `bundle_source` and checked, and the result is compared
 * with the stored version of the same name@version: nothing is written when nothing changed.
 */
export interface ApplyIntegrationRequest {
  'definitionJson'?: (string);
  /**
   * The CommonJS bundle, gzip'd or not; or a URL chat-api downloads; or neither (an image bundle).
   */
  'bundle'?: (Buffer | Uint8Array | string);
  'bundleSource'?: (_switchboard_admin_v1_BundleSource | null);
  'webhook'?: (_switchboard_admin_v1_WebhookSettings | null);
}

/**
 * Publishes an integration version the way `switchboard apply` and the operator both do: the
 * definition (what `bp read` prints) is validated (name, version, a usable configuration schema), the
 * bundle is taken as given or downloaded from `bundle_source` and checked, and the result is compared
 * with the stored version of the same name@version: nothing is written when nothing changed.
 */
export interface ApplyIntegrationRequest__Output {
  'definitionJson': (string);
  /**
   * The CommonJS bundle, gzip'd or not; or a URL chat-api downloads; or neither (an image bundle).
   */
  'bundle': (Buffer);
  'bundleSource': (_switchboard_admin_v1_BundleSource__Output | null);
  'webhook': (_switchboard_admin_v1_WebhookSettings__Output | null);
}
