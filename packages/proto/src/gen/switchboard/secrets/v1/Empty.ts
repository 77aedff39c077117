// Original file: ../../proto/switchboard/secrets/v1/secrets.proto


export interface Empty {
}

export interface Empty__Output {
}
