// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListTokensRequest {
  'botId'?: (string);
  'integrationId'?: (string);
}

export interface ListTokensRequest__Output {
  'botId': (string);
  'integrationId': (string);
}
