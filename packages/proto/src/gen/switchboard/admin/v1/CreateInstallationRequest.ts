// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface CreateInstallationRequest {
  'botId'?: (string);
  'integrationId'?: (string);
  'alias'?: (string);
  'enabled'?: (boolean);
  /**
   * One of the integration's `configurations`; empty = the default `configuration`.
   */
  'configurationType'?: (string);
}

export interface CreateInstallationRequest__Output {
  'botId': (string);
  'integrationId': (string);
  'alias': (string);
  'enabled': (boolean);
  /**
   * One of the integration's `configurations`; empty = the default `configuration`.
   */
  'configurationType': (string);
}
