// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


/**
 * Metadata only: never values.
 */
export interface RecordInfo {
  /**
   * configuration | integration_secrets
   */
  'kind'?: (string);
  'subjectId'?: (string);
  'keyId'?: (string);
  'updatedAt'?: (string);
}

/**
 * Metadata only: never values.
 */
export interface RecordInfo__Output {
  /**
   * configuration | integration_secrets
   */
  'kind': (string);
  'subjectId': (string);
  'keyId': (string);
  'updatedAt': (string);
}
