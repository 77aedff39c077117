// Original file: ../../proto/switchboard/chat/v1/chat.proto


export interface State {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'botId'?: (string);
  /**
   * conversation | user | bot | integration | workflow
   */
  'type'?: (string);
  'ownerId'?: (string);
  'name'?: (string);
  'payloadJson'?: (string);
  'expiresAt'?: (string);
}

export interface State__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'botId': (string);
  /**
   * conversation | user | bot | integration | workflow
   */
  'type': (string);
  'ownerId': (string);
  'name': (string);
  'payloadJson': (string);
  'expiresAt': (string);
}
