// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface BotEndpoint {
  'url'?: (string);
  /**
   * Never returned by reads: only whether one is set.
   */
  'signingSecret'?: (string);
}

export interface BotEndpoint__Output {
  'url': (string);
  /**
   * Never returned by reads: only whether one is set.
   */
  'signingSecret': (string);
}
