// Original file: ../../proto/switchboard/chat/v1/chat.proto


export interface Message {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'type'?: (string);
  'payloadJson'?: (string);
  /**
   * incoming | outgoing
   */
  'direction'?: (string);
  'userId'?: (string);
  'conversationId'?: (string);
  'tags'?: ({[key: string]: string});
}

export interface Message__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'type': (string);
  'payloadJson': (string);
  /**
   * incoming | outgoing
   */
  'direction': (string);
  'userId': (string);
  'conversationId': (string);
  'tags': ({[key: string]: string});
}
