// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface DeleteConfigurationRequest {
  'installationId'?: (string);
}

export interface DeleteConfigurationRequest__Output {
  'installationId': (string);
}
