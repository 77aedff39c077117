// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface Bundle {
  'sha256'?: (string);
  'content'?: (Buffer | Uint8Array | string);
}

export interface Bundle__Output {
  'sha256': (string);
  'content': (Buffer);
}
