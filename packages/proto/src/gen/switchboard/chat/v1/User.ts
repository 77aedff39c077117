// Original file: ../../proto/switchboard/chat/v1/chat.proto


export interface User {
  'id'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'tags'?: ({[key: string]: string});
  'name'?: (string);
  'pictureUrl'?: (string);
  'attributes'?: ({[key: string]: string});
}

export interface User__Output {
  'id': (string);
  'createdAt': (string);
  'updatedAt': (string);
  'tags': ({[key: string]: string});
  'name': (string);
  'pictureUrl': (string);
  'attributes': ({[key: string]: string});
}
