// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface Installation {
  'id'?: (string);
  'botId'?: (string);
  'integrationId'?: (string);
  'alias'?: (string);
  'webhookId'?: (string);
  'enabled'?: (boolean);
  /**
   * Set by the integration through /v1/chat/integrations/configure.
   */
  'identifier'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  /**
   * Denormalised for callers that route by installation.
   */
  'integrationName'?: (string);
  'integrationVersion'?: (string);
}

export interface Installation__Output {
  'id': (string);
  'botId': (string);
  'integrationId': (string);
  'alias': (string);
  'webhookId': (string);
  'enabled': (boolean);
  /**
   * Set by the integration through /v1/chat/integrations/configure.
   */
  'identifier': (string);
  'createdAt': (string);
  'updatedAt': (string);
  /**
   * Denormalised for callers that route by installation.
   */
  'integrationName': (string);
  'integrationVersion': (string);
}
