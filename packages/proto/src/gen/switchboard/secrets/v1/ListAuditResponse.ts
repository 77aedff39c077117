// Original file: ../../proto/switchboard/secrets/v1/secrets.proto

import type { AuditEntry as _switchboard_secrets_v1_AuditEntry, AuditEntry__Output as _switchboard_secrets_v1_AuditEntry__Output } from '../../../switchboard/secrets/v1/AuditEntry';

export interface ListAuditResponse {
  'entries'?: (_switchboard_secrets_v1_AuditEntry)[];
}

export interface ListAuditResponse__Output {
  'entries': (_switchboard_secrets_v1_AuditEntry__Output)[];
}
