// Original file: ../../proto/switchboard/chat/v1/chat.proto


/**
 * Whose view a call acts in: a bot, or an integration installed in that bot. Tags are returned
 * prefixed (`<alias>:<key>`) for bots and unprefixed for an integration's own tags.
 */
export interface Scope {
  'botId'?: (string);
  /**
   * Set when acting as the integration of this installation.
   */
  'installationId'?: (string);
}

/**
 * Whose view a call acts in: a bot, or an integration installed in that bot. Tags are returned
 * prefixed (`<alias>:<key>`) for bots and unprefixed for an integration's own tags.
 */
export interface Scope__Output {
  'botId': (string);
  /**
   * Set when acting as the integration of this installation.
   */
  'installationId': (string);
}
