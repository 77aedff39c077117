// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ResolveWebhookRequest {
  'webhookId'?: (string);
}

export interface ResolveWebhookRequest__Output {
  'webhookId': (string);
}
