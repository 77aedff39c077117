// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface GetIntegrationRequest {
  /**
   * By id, or by name (+ optional version; newest when empty).
   */
  'id'?: (string);
  'name'?: (string);
  'version'?: (string);
}

export interface GetIntegrationRequest__Output {
  /**
   * By id, or by name (+ optional version; newest when empty).
   */
  'id': (string);
  'name': (string);
  'version': (string);
}
