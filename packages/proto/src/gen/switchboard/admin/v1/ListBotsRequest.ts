// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListBotsRequest {
}

export interface ListBotsRequest__Output {
}
