// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The costs one handler (an action) reported: how many calls reported one, and their sum.
 */
export interface HandlerCost {
  /**
   * action_triggered
   */
  'operation'?: (string);
  /**
   * the action
   */
  'name'?: (string);
  'calls'?: (number | string | Long);
  'total'?: (number | string);
}

/**
 * The costs one handler (an action) reported: how many calls reported one, and their sum.
 */
export interface HandlerCost__Output {
  /**
   * action_triggered
   */
  'operation': (string);
  /**
   * the action
   */
  'name': (string);
  'calls': (string);
  'total': (number);
}
