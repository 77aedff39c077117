// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface RenewTokenRequest {
  'id'?: (string);
  /**
   * The token's new lifetime, from now. Only a token that has not expired can be renewed.
   */
  'ttlMs'?: (number);
}

export interface RenewTokenRequest__Output {
  'id': (string);
  /**
   * The token's new lifetime, from now. Only a token that has not expired can be renewed.
   */
  'ttlMs': (number);
}
