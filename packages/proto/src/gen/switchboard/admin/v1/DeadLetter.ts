// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A message the dispatcher gave up on, as SB_DEAD holds it.
 */
export interface DeadLetter {
  /**
   * Its sequence in SB_DEAD: what ReplayDeadLetters takes.
   */
  'deadSeq'?: (number | string | Long);
  'stream'?: (string);
  'subject'?: (string);
  'seq'?: (number | string | Long);
  'deliveryCount'?: (number);
  'reason'?: (string);
  /**
   * The original message (base64) and its headers.
   */
  'dataBase64'?: (string);
  'headers'?: ({[key: string]: string});
  'deadAt'?: (string);
  /**
   * The installation (or bot) the subject names.
   */
  'installationId'?: (string);
}

/**
 * A message the dispatcher gave up on, as SB_DEAD holds it.
 */
export interface DeadLetter__Output {
  /**
   * Its sequence in SB_DEAD: what ReplayDeadLetters takes.
   */
  'deadSeq': (string);
  'stream': (string);
  'subject': (string);
  'seq': (string);
  'deliveryCount': (number);
  'reason': (string);
  /**
   * The original message (base64) and its headers.
   */
  'dataBase64': (string);
  'headers': ({[key: string]: string});
  'deadAt': (string);
  /**
   * The installation (or bot) the subject names.
   */
  'installationId': (string);
}
