// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListConversationsRequest {
  'botId'?: (string);
  /**
   * Only conversations carrying every one of these tags.
   */
  'tags'?: ({[key: string]: string});
  'nextToken'?: (string);
  'pageSize'?: (number);
}

export interface ListConversationsRequest__Output {
  'botId': (string);
  /**
   * Only conversations carrying every one of these tags.
   */
  'tags': ({[key: string]: string});
  'nextToken': (string);
  'pageSize': (number);
}
