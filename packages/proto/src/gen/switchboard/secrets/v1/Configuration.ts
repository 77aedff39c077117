// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface Configuration {
  'installationId'?: (string);
  'configurationJson'?: (string);
  'keyId'?: (string);
  'updatedAt'?: (string);
}

export interface Configuration__Output {
  'installationId': (string);
  'configurationJson': (string);
  'keyId': (string);
  'updatedAt': (string);
}
