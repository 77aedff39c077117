// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Token as _switchboard_admin_v1_Token, Token__Output as _switchboard_admin_v1_Token__Output } from '../../../switchboard/admin/v1/Token';

export interface ListTokensResponse {
  'tokens'?: (_switchboard_admin_v1_Token)[];
}

export interface ListTokensResponse__Output {
  'tokens': (_switchboard_admin_v1_Token__Output)[];
}
