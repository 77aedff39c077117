// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface ListAuditRequest {
  'subjectId'?: (string);
  'limit'?: (number);
}

export interface ListAuditRequest__Output {
  'subjectId': (string);
  'limit': (number);
}
