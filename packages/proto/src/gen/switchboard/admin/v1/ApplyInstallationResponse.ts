// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Installation as _switchboard_admin_v1_Installation, Installation__Output as _switchboard_admin_v1_Installation__Output } from '../../../switchboard/admin/v1/Installation';

export interface ApplyInstallationResponse {
  'installation'?: (_switchboard_admin_v1_Installation | null);
  'created'?: (boolean);
  /**
   * What this call changed: configuration, enabled, disabled, "moved to <name>@<version>".
   */
  'changes'?: (string)[];
}

export interface ApplyInstallationResponse__Output {
  'installation': (_switchboard_admin_v1_Installation__Output | null);
  'created': (boolean);
  /**
   * What this call changed: configuration, enabled, disabled, "moved to <name>@<version>".
   */
  'changes': (string)[];
}
