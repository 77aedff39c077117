// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface CreateTokenRequest {
  /**
   * bot | integration
   */
  'kind'?: (string);
  'botId'?: (string);
  'integrationId'?: (string);
  'name'?: (string);
  /**
   * Lifetime in milliseconds; 0 = until revoked (admin only: other identities must give one).
   */
  'ttlMs'?: (number);
}

export interface CreateTokenRequest__Output {
  /**
   * bot | integration
   */
  'kind': (string);
  'botId': (string);
  'integrationId': (string);
  'name': (string);
  /**
   * Lifetime in milliseconds; 0 = until revoked (admin only: other identities must give one).
   */
  'ttlMs': (number);
}
