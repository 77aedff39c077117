// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Installation as _switchboard_admin_v1_Installation, Installation__Output as _switchboard_admin_v1_Installation__Output } from '../../../switchboard/admin/v1/Installation';

export interface ListInstallationsResponse {
  'installations'?: (_switchboard_admin_v1_Installation)[];
}

export interface ListInstallationsResponse__Output {
  'installations': (_switchboard_admin_v1_Installation__Output)[];
}
