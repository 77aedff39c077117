// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface MessageSummary {
  'id'?: (string);
  'conversationId'?: (string);
  'userId'?: (string);
  'type'?: (string);
  /**
   * incoming | outgoing
   */
  'direction'?: (string);
  'payloadJson'?: (string);
  'tags'?: ({[key: string]: string});
  'createdAt'?: (string);
}

export interface MessageSummary__Output {
  'id': (string);
  'conversationId': (string);
  'userId': (string);
  'type': (string);
  /**
   * incoming | outgoing
   */
  'direction': (string);
  'payloadJson': (string);
  'tags': ({[key: string]: string});
  'createdAt': (string);
}
