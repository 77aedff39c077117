// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface DeleteIntegrationSecretsRequest {
  'integrationId'?: (string);
}

export interface DeleteIntegrationSecretsRequest__Output {
  'integrationId': (string);
}
