// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface DeleteInstallationRequest {
  'id'?: (string);
  /**
   * Delete at once, without running the integration's `unregister` handler.
   */
  'force'?: (boolean);
}

export interface DeleteInstallationRequest__Output {
  'id': (string);
  /**
   * Delete at once, without running the integration's `unregister` handler.
   */
  'force': (boolean);
}
