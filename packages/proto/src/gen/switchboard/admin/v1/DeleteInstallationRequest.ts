// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface DeleteInstallationRequest {
  'id'?: (string);
}

export interface DeleteInstallationRequest__Output {
  'id': (string);
}
