// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface UpdateInstallationRequest {
  'id'?: (string);
  'enabled'?: (boolean);
  /**
   * empty = unchanged (an upgrade to another version otherwise)
   */
  'integrationId'?: (string);
}

export interface UpdateInstallationRequest__Output {
  'id': (string);
  'enabled': (boolean);
  /**
   * empty = unchanged (an upgrade to another version otherwise)
   */
  'integrationId': (string);
}
