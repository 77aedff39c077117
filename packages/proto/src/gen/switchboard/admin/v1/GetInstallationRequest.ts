// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface GetInstallationRequest {
  'id'?: (string);
  'webhookId'?: (string);
  /**
   * By bot and alias.
   */
  'botId'?: (string);
  'alias'?: (string);
}

export interface GetInstallationRequest__Output {
  'id': (string);
  'webhookId': (string);
  /**
   * By bot and alias.
   */
  'botId': (string);
  'alias': (string);
}
