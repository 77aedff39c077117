// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface GetIntegrationSecretsRequest {
  'integrationId'?: (string);
}

export interface GetIntegrationSecretsRequest__Output {
  'integrationId': (string);
}
