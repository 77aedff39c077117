// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface CreateTokenRequest {
  /**
   * bot | integration
   */
  'kind'?: (string);
  'botId'?: (string);
  'integrationId'?: (string);
  'name'?: (string);
}

export interface CreateTokenRequest__Output {
  /**
   * bot | integration
   */
  'kind': (string);
  'botId': (string);
  'integrationId': (string);
  'name': (string);
}
