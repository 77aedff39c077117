// Original file: ../../proto/switchboard/admin/v1/admin.proto


/**
 * A conversation of a bot, as an operator sees it (tags are the bot's view: `<alias>:<tag>`).
 */
export interface ConversationSummary {
  'id'?: (string);
  'botId'?: (string);
  'channel'?: (string);
  'integration'?: (string);
  'tags'?: ({[key: string]: string});
  'messageCount'?: (number);
  'createdAt'?: (string);
  'updatedAt'?: (string);
}

/**
 * A conversation of a bot, as an operator sees it (tags are the bot's view: `<alias>:<tag>`).
 */
export interface ConversationSummary__Output {
  'id': (string);
  'botId': (string);
  'channel': (string);
  'integration': (string);
  'tags': ({[key: string]: string});
  'messageCount': (number);
  'createdAt': (string);
  'updatedAt': (string);
}
