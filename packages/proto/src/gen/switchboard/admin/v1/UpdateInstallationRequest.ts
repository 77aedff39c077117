// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface UpdateInstallationRequest {
  'id'?: (string);
  'enabled'?: (boolean);
  /**
   * empty = unchanged (an upgrade to another version otherwise)
   */
  'integrationId'?: (string);
  /**
   * Unset = unchanged; empty = the default `configuration`.
   */
  'configurationType'?: (string);
  '_configurationType'?: "configurationType";
}

export interface UpdateInstallationRequest__Output {
  'id': (string);
  'enabled': (boolean);
  /**
   * empty = unchanged (an upgrade to another version otherwise)
   */
  'integrationId': (string);
  /**
   * Unset = unchanged; empty = the default `configuration`.
   */
  'configurationType'?: (string);
  '_configurationType'?: "configurationType";
}
