import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuditEntry as _switchboard_secrets_v1_AuditEntry, AuditEntry__Output as _switchboard_secrets_v1_AuditEntry__Output } from './switchboard/secrets/v1/AuditEntry';
import type { Configuration as _switchboard_secrets_v1_Configuration, Configuration__Output as _switchboard_secrets_v1_Configuration__Output } from './switchboard/secrets/v1/Configuration';
import type { DeleteConfigurationRequest as _switchboard_secrets_v1_DeleteConfigurationRequest, DeleteConfigurationRequest__Output as _switchboard_secrets_v1_DeleteConfigurationRequest__Output } from './switchboard/secrets/v1/DeleteConfigurationRequest';
import type { DeleteIntegrationSecretsRequest as _switchboard_secrets_v1_DeleteIntegrationSecretsRequest, DeleteIntegrationSecretsRequest__Output as _switchboard_secrets_v1_DeleteIntegrationSecretsRequest__Output } from './switchboard/secrets/v1/DeleteIntegrationSecretsRequest';
import type { Empty as _switchboard_secrets_v1_Empty, Empty__Output as _switchboard_secrets_v1_Empty__Output } from './switchboard/secrets/v1/Empty';
import type { GetConfigurationRequest as _switchboard_secrets_v1_GetConfigurationRequest, GetConfigurationRequest__Output as _switchboard_secrets_v1_GetConfigurationRequest__Output } from './switchboard/secrets/v1/GetConfigurationRequest';
import type { GetIntegrationSecretsRequest as _switchboard_secrets_v1_GetIntegrationSecretsRequest, GetIntegrationSecretsRequest__Output as _switchboard_secrets_v1_GetIntegrationSecretsRequest__Output } from './switchboard/secrets/v1/GetIntegrationSecretsRequest';
import type { IntegrationSecrets as _switchboard_secrets_v1_IntegrationSecrets, IntegrationSecrets__Output as _switchboard_secrets_v1_IntegrationSecrets__Output } from './switchboard/secrets/v1/IntegrationSecrets';
import type { ListAuditRequest as _switchboard_secrets_v1_ListAuditRequest, ListAuditRequest__Output as _switchboard_secrets_v1_ListAuditRequest__Output } from './switchboard/secrets/v1/ListAuditRequest';
import type { ListAuditResponse as _switchboard_secrets_v1_ListAuditResponse, ListAuditResponse__Output as _switchboard_secrets_v1_ListAuditResponse__Output } from './switchboard/secrets/v1/ListAuditResponse';
import type { PutConfigurationRequest as _switchboard_secrets_v1_PutConfigurationRequest, PutConfigurationRequest__Output as _switchboard_secrets_v1_PutConfigurationRequest__Output } from './switchboard/secrets/v1/PutConfigurationRequest';
import type { PutIntegrationSecretsRequest as _switchboard_secrets_v1_PutIntegrationSecretsRequest, PutIntegrationSecretsRequest__Output as _switchboard_secrets_v1_PutIntegrationSecretsRequest__Output } from './switchboard/secrets/v1/PutIntegrationSecretsRequest';
import type { RecordInfo as _switchboard_secrets_v1_RecordInfo, RecordInfo__Output as _switchboard_secrets_v1_RecordInfo__Output } from './switchboard/secrets/v1/RecordInfo';
import type { RotateKeyRequest as _switchboard_secrets_v1_RotateKeyRequest, RotateKeyRequest__Output as _switchboard_secrets_v1_RotateKeyRequest__Output } from './switchboard/secrets/v1/RotateKeyRequest';
import type { RotateKeyResponse as _switchboard_secrets_v1_RotateKeyResponse, RotateKeyResponse__Output as _switchboard_secrets_v1_RotateKeyResponse__Output } from './switchboard/secrets/v1/RotateKeyResponse';
import type { SecretsServiceClient as _switchboard_secrets_v1_SecretsServiceClient, SecretsServiceDefinition as _switchboard_secrets_v1_SecretsServiceDefinition } from './switchboard/secrets/v1/SecretsService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  switchboard: {
    secrets: {
      v1: {
        AuditEntry: MessageTypeDefinition<_switchboard_secrets_v1_AuditEntry, _switchboard_secrets_v1_AuditEntry__Output>
        Configuration: MessageTypeDefinition<_switchboard_secrets_v1_Configuration, _switchboard_secrets_v1_Configuration__Output>
        DeleteConfigurationRequest: MessageTypeDefinition<_switchboard_secrets_v1_DeleteConfigurationRequest, _switchboard_secrets_v1_DeleteConfigurationRequest__Output>
        DeleteIntegrationSecretsRequest: MessageTypeDefinition<_switchboard_secrets_v1_DeleteIntegrationSecretsRequest, _switchboard_secrets_v1_DeleteIntegrationSecretsRequest__Output>
        Empty: MessageTypeDefinition<_switchboard_secrets_v1_Empty, _switchboard_secrets_v1_Empty__Output>
        GetConfigurationRequest: MessageTypeDefinition<_switchboard_secrets_v1_GetConfigurationRequest, _switchboard_secrets_v1_GetConfigurationRequest__Output>
        GetIntegrationSecretsRequest: MessageTypeDefinition<_switchboard_secrets_v1_GetIntegrationSecretsRequest, _switchboard_secrets_v1_GetIntegrationSecretsRequest__Output>
        IntegrationSecrets: MessageTypeDefinition<_switchboard_secrets_v1_IntegrationSecrets, _switchboard_secrets_v1_IntegrationSecrets__Output>
        ListAuditRequest: MessageTypeDefinition<_switchboard_secrets_v1_ListAuditRequest, _switchboard_secrets_v1_ListAuditRequest__Output>
        ListAuditResponse: MessageTypeDefinition<_switchboard_secrets_v1_ListAuditResponse, _switchboard_secrets_v1_ListAuditResponse__Output>
        PutConfigurationRequest: MessageTypeDefinition<_switchboard_secrets_v1_PutConfigurationRequest, _switchboard_secrets_v1_PutConfigurationRequest__Output>
        PutIntegrationSecretsRequest: MessageTypeDefinition<_switchboard_secrets_v1_PutIntegrationSecretsRequest, _switchboard_secrets_v1_PutIntegrationSecretsRequest__Output>
        RecordInfo: MessageTypeDefinition<_switchboard_secrets_v1_RecordInfo, _switchboard_secrets_v1_RecordInfo__Output>
        RotateKeyRequest: MessageTypeDefinition<_switchboard_secrets_v1_RotateKeyRequest, _switchboard_secrets_v1_RotateKeyRequest__Output>
        RotateKeyResponse: MessageTypeDefinition<_switchboard_secrets_v1_RotateKeyResponse, _switchboard_secrets_v1_RotateKeyResponse__Output>
        SecretsService: SubtypeConstructor<typeof grpc.Client, _switchboard_secrets_v1_SecretsServiceClient> & { service: _switchboard_secrets_v1_SecretsServiceDefinition }
      }
    }
  }
}

