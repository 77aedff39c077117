// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ListIntegrationsRequest {
}

export interface ListIntegrationsRequest__Output {
}
