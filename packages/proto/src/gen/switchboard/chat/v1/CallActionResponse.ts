// Original file: ../../proto/switchboard/chat/v1/chat.proto


export interface CallActionResponse {
  'outputJson'?: (string);
}

export interface CallActionResponse__Output {
  'outputJson': (string);
}
