// Original file: ../../proto/switchboard/secrets/v1/secrets.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Configuration as _switchboard_secrets_v1_Configuration, Configuration__Output as _switchboard_secrets_v1_Configuration__Output } from '../../../switchboard/secrets/v1/Configuration';
import type { DeleteConfigurationRequest as _switchboard_secrets_v1_DeleteConfigurationRequest, DeleteConfigurationRequest__Output as _switchboard_secrets_v1_DeleteConfigurationRequest__Output } from '../../../switchboard/secrets/v1/DeleteConfigurationRequest';
import type { DeleteIntegrationSecretsRequest as _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, DeleteIntegrationSecretsRequest__Output as _switchboard_secrets_v1_DeleteIntegrationSecretsRequest__Output } from '../../../switchboard/secrets/v1/DeleteIntegrationSecretsRequest';
import type { Empty as _switchboard_secrets_v1_Empty, Empty__Output as _switchboard_secrets_v1_Empty__Output } from '../../../switchboard/secrets/v1/Empty';
import type { GetConfigurationRequest as _switchboard_secrets_v1_GetConfigurationRequest, GetConfigurationRequest__Output as _switchboard_secrets_v1_GetConfigurationRequest__Output } from '../../../switchboard/secrets/v1/GetConfigurationRequest';
import type { GetIntegrationSecretsRequest as _switchboard_secrets_v1_GetIntegrationSecretsRequest, GetIntegrationSecretsRequest__Output as _switchboard_secrets_v1_GetIntegrationSecretsRequest__Output } from '../../../switchboard/secrets/v1/GetIntegrationSecretsRequest';
import type { IntegrationSecrets as _switchboard_secrets_v1_IntegrationSecrets, IntegrationSecrets__Output as _switchboard_secrets_v1_IntegrationSecrets__Output } from '../../../switchboard/secrets/v1/IntegrationSecrets';
import type { ListAuditRequest as _switchboard_secrets_v1_ListAuditRequest, ListAuditRequest__Output as _switchboard_secrets_v1_ListAuditRequest__Output } from '../../../switchboard/secrets/v1/ListAuditRequest';
import type { ListAuditResponse as _switchboard_secrets_v1_ListAuditResponse, ListAuditResponse__Output as _switchboard_secrets_v1_ListAuditResponse__Output } from '../../../switchboard/secrets/v1/ListAuditResponse';
import type { PutConfigurationRequest as _switchboard_secrets_v1_PutConfigurationRequest, PutConfigurationRequest__Output as _switchboard_secrets_v1_PutConfigurationRequest__Output } from '../../../switchboard/secrets/v1/PutConfigurationRequest';
import type { PutIntegrationSecretsRequest as _switchboard_secrets_v1_PutIntegrationSecretsRequest, PutIntegrationSecretsRequest__Output as _switchboard_secrets_v1_PutIntegrationSecretsRequest__Output } from '../../../switchboard/secrets/v1/PutIntegrationSecretsRequest';
import type { RecordInfo as _switchboard_secrets_v1_RecordInfo, RecordInfo__Output as _switchboard_secrets_v1_RecordInfo__Output } from '../../../switchboard/secrets/v1/RecordInfo';
import type { RotateKeyRequest as _switchboard_secrets_v1_RotateKeyRequest, RotateKeyRequest__Output as _switchboard_secrets_v1_RotateKeyRequest__Output } from '../../../switchboard/secrets/v1/RotateKeyRequest';
import type { RotateKeyResponse as _switchboard_secrets_v1_RotateKeyResponse, RotateKeyResponse__Output as _switchboard_secrets_v1_RotateKeyResponse__Output } from '../../../switchboard/secrets/v1/RotateKeyResponse';

export interface SecretsServiceClient extends grpc.Client {
  DeleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteConfiguration(argument: _switchboard_secrets_v1_DeleteConfigurationRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  DeleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegrationSecrets(argument: _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  GetConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  GetConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  GetConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  getConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  getConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  getConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  getConfiguration(argument: _switchboard_secrets_v1_GetConfigurationRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_Configuration__Output>): grpc.ClientUnaryCall;
  
  GetIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  GetIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  GetIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  GetIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  getIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  getIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  getIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  getIntegrationSecrets(argument: _switchboard_secrets_v1_GetIntegrationSecretsRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_IntegrationSecrets__Output>): grpc.ClientUnaryCall;
  
  ListAudit(argument: _switchboard_secrets_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _switchboard_secrets_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _switchboard_secrets_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _switchboard_secrets_v1_ListAuditRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _switchboard_secrets_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _switchboard_secrets_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _switchboard_secrets_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _switchboard_secrets_v1_ListAuditRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  
  PutConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  PutConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  PutConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  PutConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putConfiguration(argument: _switchboard_secrets_v1_PutConfigurationRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  
  PutIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  PutIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  PutIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  PutIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  putIntegrationSecrets(argument: _switchboard_secrets_v1_PutIntegrationSecretsRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_RecordInfo__Output>): grpc.ClientUnaryCall;
  
  RotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateKey(argument: _switchboard_secrets_v1_RotateKeyRequest, callback: grpc.requestCallback<_switchboard_secrets_v1_RotateKeyResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface SecretsServiceHandlers extends grpc.UntypedServiceImplementation {
  DeleteConfiguration: grpc.handleUnaryCall<_switchboard_secrets_v1_DeleteConfigurationRequest__Output, _switchboard_secrets_v1_Empty>;
  
  DeleteIntegrationSecrets: grpc.handleUnaryCall<_switchboard_secrets_v1_DeleteIntegrationSecretsRequest__Output, _switchboard_secrets_v1_Empty>;
  
  GetConfiguration: grpc.handleUnaryCall<_switchboard_secrets_v1_GetConfigurationRequest__Output, _switchboard_secrets_v1_Configuration>;
  
  GetIntegrationSecrets: grpc.handleUnaryCall<_switchboard_secrets_v1_GetIntegrationSecretsRequest__Output, _switchboard_secrets_v1_IntegrationSecrets>;
  
  ListAudit: grpc.handleUnaryCall<_switchboard_secrets_v1_ListAuditRequest__Output, _switchboard_secrets_v1_ListAuditResponse>;
  
  PutConfiguration: grpc.handleUnaryCall<_switchboard_secrets_v1_PutConfigurationRequest__Output, _switchboard_secrets_v1_RecordInfo>;
  
  PutIntegrationSecrets: grpc.handleUnaryCall<_switchboard_secrets_v1_PutIntegrationSecretsRequest__Output, _switchboard_secrets_v1_RecordInfo>;
  
  RotateKey: grpc.handleUnaryCall<_switchboard_secrets_v1_RotateKeyRequest__Output, _switchboard_secrets_v1_RotateKeyResponse>;
  
}

export interface SecretsServiceDefinition extends grpc.ServiceDefinition {
  DeleteConfiguration: MethodDefinition<_switchboard_secrets_v1_DeleteConfigurationRequest, _switchboard_secrets_v1_Empty, _switchboard_secrets_v1_DeleteConfigurationRequest__Output, _switchboard_secrets_v1_Empty__Output>
  DeleteIntegrationSecrets: MethodDefinition<_switchboard_secrets_v1_DeleteIntegrationSecretsRequest, _switchboard_secrets_v1_Empty, _switchboard_secrets_v1_DeleteIntegrationSecretsRequest__Output, _switchboard_secrets_v1_Empty__Output>
  GetConfiguration: MethodDefinition<_switchboard_secrets_v1_GetConfigurationRequest, _switchboard_secrets_v1_Configuration, _switchboard_secrets_v1_GetConfigurationRequest__Output, _switchboard_secrets_v1_Configuration__Output>
  GetIntegrationSecrets: MethodDefinition<_switchboard_secrets_v1_GetIntegrationSecretsRequest, _switchboard_secrets_v1_IntegrationSecrets, _switchboard_secrets_v1_GetIntegrationSecretsRequest__Output, _switchboard_secrets_v1_IntegrationSecrets__Output>
  ListAudit: MethodDefinition<_switchboard_secrets_v1_ListAuditRequest, _switchboard_secrets_v1_ListAuditResponse, _switchboard_secrets_v1_ListAuditRequest__Output, _switchboard_secrets_v1_ListAuditResponse__Output>
  PutConfiguration: MethodDefinition<_switchboard_secrets_v1_PutConfigurationRequest, _switchboard_secrets_v1_RecordInfo, _switchboard_secrets_v1_PutConfigurationRequest__Output, _switchboard_secrets_v1_RecordInfo__Output>
  PutIntegrationSecrets: MethodDefinition<_switchboard_secrets_v1_PutIntegrationSecretsRequest, _switchboard_secrets_v1_RecordInfo, _switchboard_secrets_v1_PutIntegrationSecretsRequest__Output, _switchboard_secrets_v1_RecordInfo__Output>
  RotateKey: MethodDefinition<_switchboard_secrets_v1_RotateKeyRequest, _switchboard_secrets_v1_RotateKeyResponse, _switchboard_secrets_v1_RotateKeyRequest__Output, _switchboard_secrets_v1_RotateKeyResponse__Output>
}
