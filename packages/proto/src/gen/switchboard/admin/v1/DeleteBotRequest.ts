// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface DeleteBotRequest {
  'id'?: (string);
}

export interface DeleteBotRequest__Output {
  'id': (string);
}
