// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Integration as _switchboard_admin_v1_Integration, Integration__Output as _switchboard_admin_v1_Integration__Output } from '../../../switchboard/admin/v1/Integration';

export interface ListIntegrationsResponse {
  'integrations'?: (_switchboard_admin_v1_Integration)[];
}

export interface ListIntegrationsResponse__Output {
  'integrations': (_switchboard_admin_v1_Integration__Output)[];
}
