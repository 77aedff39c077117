// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface GetBundleRequest {
  'sha256'?: (string);
}

export interface GetBundleRequest__Output {
  'sha256': (string);
}
