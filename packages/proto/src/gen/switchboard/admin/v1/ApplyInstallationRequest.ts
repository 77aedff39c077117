// Original file: ../../proto/switchboard/admin/v1/admin.proto


/**
 * The install sequence, in one call: create the installation disabled when the bot has none under
 * the alias, store the configuration at the secrets service (validated there against the schema of
 * the integration version's stored definition), move it to `integration_id` when it runs another
 * version, then enable or disable it (enabling runs `register`). Idempotent: applying the same
 * request again changes nothing.
 */
export interface ApplyInstallationRequest {
  'botId'?: (string);
  'integrationId'?: (string);
  /**
   * Empty = the integration's name.
   */
  'alias'?: (string);
  /**
   * The configuration as a JSON object (what the manifest gives, merged with its configurationFrom
   * Secret). Never stored by chat-api: only its digest, to know when it changed.
   */
  'configurationJson'?: (string);
  'enabled'?: (boolean);
  /**
   * Which of the integration's `configurations` the configuration is for; empty = the default one.
   */
  'configurationType'?: (string);
}

/**
 * The install sequence, in one call: create the installation disabled when the bot has none under
 * the alias, store the configuration at the secrets service (validated there against the schema of
 * the integration version's stored definition), move it to `integration_id` when it runs another
 * version, then enable or disable it (enabling runs `register`). Idempotent: applying the same
 * request again changes nothing.
 */
export interface ApplyInstallationRequest__Output {
  'botId': (string);
  'integrationId': (string);
  /**
   * Empty = the integration's name.
   */
  'alias': (string);
  /**
   * The configuration as a JSON object (what the manifest gives, merged with its configurationFrom
   * Secret). Never stored by chat-api: only its digest, to know when it changed.
   */
  'configurationJson': (string);
  'enabled': (boolean);
  /**
   * Which of the integration's `configurations` the configuration is for; empty = the default one.
   */
  'configurationType': (string);
}
