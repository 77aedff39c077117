// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface RotateKeyResponse {
  'keyId'?: (string);
  'rewrapped'?: (number);
}

export interface RotateKeyResponse__Output {
  'keyId': (string);
  'rewrapped': (number);
}
