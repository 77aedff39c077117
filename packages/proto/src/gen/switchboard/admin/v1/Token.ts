// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface Token {
  'id'?: (string);
  /**
   * bot | integration
   */
  'kind'?: (string);
  'botId'?: (string);
  'integrationId'?: (string);
  'name'?: (string);
  'createdAt'?: (string);
  /**
   * Only in CreateTokenResponse; stored hashed, never readable again.
   */
  'secret'?: (string);
  /**
   * When the token stops working (RFC 3339); empty = it lasts until revoked. RenewToken moves it.
   */
  'expiresAt'?: (string);
}

export interface Token__Output {
  'id': (string);
  /**
   * bot | integration
   */
  'kind': (string);
  'botId': (string);
  'integrationId': (string);
  'name': (string);
  'createdAt': (string);
  /**
   * Only in CreateTokenResponse; stored hashed, never readable again.
   */
  'secret': (string);
  /**
   * When the token stops working (RFC 3339); empty = it lasts until revoked. RenewToken moves it.
   */
  'expiresAt': (string);
}
