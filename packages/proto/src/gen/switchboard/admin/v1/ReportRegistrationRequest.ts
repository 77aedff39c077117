// Original file: ../../proto/switchboard/admin/v1/admin.proto


export interface ReportRegistrationRequest {
  'installationId'?: (string);
  /**
   * register | unregister
   */
  'operation'?: (string);
  'ok'?: (boolean);
  'message'?: (string);
  /**
   * The dispatcher will not try again. A final unregister report deletes the installation either way.
   */
  'final'?: (boolean);
}

export interface ReportRegistrationRequest__Output {
  'installationId': (string);
  /**
   * register | unregister
   */
  'operation': (string);
  'ok': (boolean);
  'message': (string);
  /**
   * The dispatcher will not try again. A final unregister report deletes the installation either way.
   */
  'final': (boolean);
}
