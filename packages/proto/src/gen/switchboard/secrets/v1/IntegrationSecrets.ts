// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface IntegrationSecrets {
  'integrationId'?: (string);
  'secrets'?: ({[key: string]: string});
  'keyId'?: (string);
  'updatedAt'?: (string);
}

export interface IntegrationSecrets__Output {
  'integrationId': (string);
  'secrets': ({[key: string]: string});
  'keyId': (string);
  'updatedAt': (string);
}
