// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface PutConfigurationRequest {
  'installationId'?: (string);
  /**
   * The whole configuration object as JSON.
   */
  'configurationJson'?: (string);
  /**
   * The integration definition's configuration JSON Schema, checked before storing.
   */
  'schemaJson'?: (string);
}

export interface PutConfigurationRequest__Output {
  'installationId': (string);
  /**
   * The whole configuration object as JSON.
   */
  'configurationJson': (string);
  /**
   * The integration definition's configuration JSON Schema, checked before storing.
   */
  'schemaJson': (string);
}
