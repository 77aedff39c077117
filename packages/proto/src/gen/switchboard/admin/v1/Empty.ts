// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface Empty {
}

export interface Empty__Output {
}
