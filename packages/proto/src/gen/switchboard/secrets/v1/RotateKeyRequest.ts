// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface RotateKeyRequest {
}

export interface RotateKeyRequest__Output {
}
