// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface AuditEntry {
  'at'?: (string);
  'caller'?: (string);
  'action'?: (string);
  'kind'?: (string);
  'subjectId'?: (string);
  'outcome'?: (string);
  'detail'?: (string);
}

export interface AuditEntry__Output {
  'at': (string);
  'caller': (string);
  'action': (string);
  'kind': (string);
  'subjectId': (string);
  'outcome': (string);
  'detail': (string);
}
