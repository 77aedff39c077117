// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type { RegistrationStatus as _switchboard_admin_v1_RegistrationStatus, RegistrationStatus__Output as _switchboard_admin_v1_RegistrationStatus__Output } from '../../../switchboard/admin/v1/RegistrationStatus';

export interface Installation {
  'id'?: (string);
  'botId'?: (string);
  'integrationId'?: (string);
  'alias'?: (string);
  'webhookId'?: (string);
  'enabled'?: (boolean);
  /**
   * Set by the integration through /v1/chat/integrations/configure.
   */
  'identifier'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  /**
   * Denormalised for callers that route by installation.
   */
  'integrationName'?: (string);
  'integrationVersion'?: (string);
  /**
   * Where the integration's `register` handler stands for this installation.
   */
  'registration'?: (_switchboard_admin_v1_RegistrationStatus | null);
  /**
   * The user that stands for the bot in this integration: `ctx.botUserId` (`x-bot-user-id`).
   */
  'botUserId'?: (string);
}

export interface Installation__Output {
  'id': (string);
  'botId': (string);
  'integrationId': (string);
  'alias': (string);
  'webhookId': (string);
  'enabled': (boolean);
  /**
   * Set by the integration through /v1/chat/integrations/configure.
   */
  'identifier': (string);
  'createdAt': (string);
  'updatedAt': (string);
  /**
   * Denormalised for callers that route by installation.
   */
  'integrationName': (string);
  'integrationVersion': (string);
  /**
   * Where the integration's `register` handler stands for this installation.
   */
  'registration': (_switchboard_admin_v1_RegistrationStatus__Output | null);
  /**
   * The user that stands for the bot in this integration: `ctx.botUserId` (`x-bot-user-id`).
   */
  'botUserId': (string);
}
