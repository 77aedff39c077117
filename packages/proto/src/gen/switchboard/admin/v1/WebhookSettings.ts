// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface WebhookSettings {
  /**
   * `body:/json/pointer` or `header:Name`; empty = no idempotency key.
   */
  'idempotencyKey'?: (string);
  /**
   * How long ingress waits for the handler's answer before replying 202. 0 = default (2500).
   */
  'syncTimeoutMs'?: (number);
}

export interface WebhookSettings__Output {
  /**
   * `body:/json/pointer` or `header:Name`; empty = no idempotency key.
   */
  'idempotencyKey': (string);
  /**
   * How long ingress waits for the handler's answer before replying 202. 0 = default (2500).
   */
  'syncTimeoutMs': (number);
}
