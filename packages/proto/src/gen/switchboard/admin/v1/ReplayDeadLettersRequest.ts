// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplayDeadLettersRequest {
  /**
   * The letters to replay, by dead_seq; `all` replays every one.
   */
  'deadSeqs'?: (number | string | Long)[];
  'all'?: (boolean);
}

export interface ReplayDeadLettersRequest__Output {
  /**
   * The letters to replay, by dead_seq; `all` replays every one.
   */
  'deadSeqs': (string)[];
  'all': (boolean);
}
