// Original file: ../../proto/switchboard/admin/v1/admin.proto


/**
 * The outcome of the integration's `register` handler, run when an installation is created, re-enabled
 * or moved to another integration version (the dispatcher reports it).
 */
export interface RegistrationStatus {
  /**
   * pending | registered | failed | unregistering
   */
  'state'?: (string);
  /**
   * The handler's error when failed; empty otherwise.
   */
  'message'?: (string);
  'attempts'?: (number);
  'updatedAt'?: (string);
}

/**
 * The outcome of the integration's `register` handler, run when an installation is created, re-enabled
 * or moved to another integration version (the dispatcher reports it).
 */
export interface RegistrationStatus__Output {
  /**
   * pending | registered | failed | unregistering
   */
  'state': (string);
  /**
   * The handler's error when failed; empty otherwise.
   */
  'message': (string);
  'attempts': (number);
  'updatedAt': (string);
}
