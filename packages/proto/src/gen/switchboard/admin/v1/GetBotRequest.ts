// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface GetBotRequest {
  'id'?: (string);
  'name'?: (string);
}

export interface GetBotRequest__Output {
  'id': (string);
  'name': (string);
}
