// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { DeadLetter as _switchboard_admin_v1_DeadLetter, DeadLetter__Output as _switchboard_admin_v1_DeadLetter__Output } from '../../../switchboard/admin/v1/DeadLetter';

export interface ReplayDeadLettersResponse {
  /**
   * The letters put back on their streams (and removed from SB_DEAD).
   */
  'replayed'?: (_switchboard_admin_v1_DeadLetter)[];
}

export interface ReplayDeadLettersResponse__Output {
  /**
   * The letters put back on their streams (and removed from SB_DEAD).
   */
  'replayed': (_switchboard_admin_v1_DeadLetter__Output)[];
}
