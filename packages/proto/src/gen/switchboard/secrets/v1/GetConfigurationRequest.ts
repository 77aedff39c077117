// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface GetConfigurationRequest {
  'installationId'?: (string);
}

export interface GetConfigurationRequest__Output {
  'installationId': (string);
}
