// Original file: ../../proto/switchboard/admin/v1/admin.proto


/**
 * Where chat-api downloads a bundle from: its bytes (gzip'd or not) must have this sha256.
 */
export interface BundleSource {
  'url'?: (string);
  'sha256'?: (string);
}

/**
 * Where chat-api downloads a bundle from: its bytes (gzip'd or not) must have this sha256.
 */
export interface BundleSource__Output {
  'url': (string);
  'sha256': (string);
}
