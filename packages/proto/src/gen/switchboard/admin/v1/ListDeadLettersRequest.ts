// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListDeadLettersRequest {
  /**
   * Only the letters of this installation (or bot), when set.
   */
  'installationId'?: (string);
}

export interface ListDeadLettersRequest__Output {
  /**
   * Only the letters of this installation (or bot), when set.
   */
  'installationId': (string);
}
