// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListInstallationsRequest {
  'botId'?: (string);
  'integrationId'?: (string);
}

export interface ListInstallationsRequest__Output {
  'botId': (string);
  'integrationId': (string);
}
