// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListMessagesRequest {
  'botId'?: (string);
  'conversationId'?: (string);
  'nextToken'?: (string);
  'pageSize'?: (number);
}

export interface ListMessagesRequest__Output {
  'botId': (string);
  'conversationId': (string);
  'nextToken': (string);
  'pageSize': (number);
}
