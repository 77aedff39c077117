// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Integration as _switchboard_admin_v1_Integration, Integration__Output as _switchboard_admin_v1_Integration__Output } from '../../../switchboard/admin/v1/Integration';

export interface ApplyIntegrationResponse {
  'integration'?: (_switchboard_admin_v1_Integration | null);
  'created'?: (boolean);
  /**
   * What differed from the stored version: bundle, definition, webhook.
   */
  'changes'?: (string)[];
}

export interface ApplyIntegrationResponse__Output {
  'integration': (_switchboard_admin_v1_Integration__Output | null);
  'created': (boolean);
  /**
   * What differed from the stored version: bundle, definition, webhook.
   */
  'changes': (string)[];
}
