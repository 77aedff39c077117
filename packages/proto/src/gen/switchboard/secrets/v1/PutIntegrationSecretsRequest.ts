// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface PutIntegrationSecretsRequest {
  'integrationId'?: (string);
  /**
   * NAME → value; each becomes SECRET_<NAME> in the integration's sandbox.
   */
  'secrets'?: ({[key: string]: string});
}

export interface PutIntegrationSecretsRequest__Output {
  'integrationId': (string);
  /**
   * NAME → value; each becomes SECRET_<NAME> in the integration's sandbox.
   */
  'secrets': ({[key: string]: string});
}
