// Original file: ../../proto/switchboard/chat/v1/chat.proto


export interface Conversation {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'channel'?: (string);
  'integration'?: (string);
  'tags'?: ({[key: string]: string});
  'messageCount'?: (number);
  'installationId'?: (string);
}

export interface Conversation__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'channel': (string);
  'integration': (string);
  'tags': ({[key: string]: string});
  'messageCount': (number);
  'installationId': (string);
}
