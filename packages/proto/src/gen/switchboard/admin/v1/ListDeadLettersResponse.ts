// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { DeadLetter as _switchboard_admin_v1_DeadLetter, DeadLetter__Output as _switchboard_admin_v1_DeadLetter__Output } from '../../../switchboard/admin/v1/DeadLetter';

export interface ListDeadLettersResponse {
  'deadLetters'?: (_switchboard_admin_v1_DeadLetter)[];
}

export interface ListDeadLettersResponse__Output {
  'deadLetters': (_switchboard_admin_v1_DeadLetter__Output)[];
}
