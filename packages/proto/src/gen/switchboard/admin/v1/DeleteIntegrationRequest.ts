// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface DeleteIntegrationRequest {
  'id'?: (string);
}

export interface DeleteIntegrationRequest__Output {
  'id': (string);
}
