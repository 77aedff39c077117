// Original file: ../../proto/switchboard/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApplyInstallationRequest as _switchboard_admin_v1_ApplyInstallationRequest, ApplyInstallationRequest__Output as _switchboard_admin_v1_ApplyInstallationRequest__Output } from '../../../switchboard/admin/v1/ApplyInstallationRequest';
import type { ApplyInstallationResponse as _switchboard_admin_v1_ApplyInstallationResponse, ApplyInstallationResponse__Output as _switchboard_admin_v1_ApplyInstallationResponse__Output } from '../../../switchboard/admin/v1/ApplyInstallationResponse';
import type { ApplyIntegrationRequest as _switchboard_admin_v1_ApplyIntegrationRequest, ApplyIntegrationRequest__Output as _switchboard_admin_v1_ApplyIntegrationRequest__Output } from '../../../switchboard/admin/v1/ApplyIntegrationRequest';
import type { ApplyIntegrationResponse as _switchboard_admin_v1_ApplyIntegrationResponse, ApplyIntegrationResponse__Output as _switchboard_admin_v1_ApplyIntegrationResponse__Output } from '../../../switchboard/admin/v1/ApplyIntegrationResponse';
import type { Bot as _switchboard_admin_v1_Bot, Bot__Output as _switchboard_admin_v1_Bot__Output } from '../../../switchboard/admin/v1/Bot';
import type { Bundle as _switchboard_admin_v1_Bundle, Bundle__Output as _switchboard_admin_v1_Bundle__Output } from '../../../switchboard/admin/v1/Bundle';
import type { CreateInstallationRequest as _switchboard_admin_v1_CreateInstallationRequest, CreateInstallationRequest__Output as _switchboard_admin_v1_CreateInstallationRequest__Output } from '../../../switchboard/admin/v1/CreateInstallationRequest';
import type { CreateTokenRequest as _switchboard_admin_v1_CreateTokenRequest, CreateTokenRequest__Output as _switchboard_admin_v1_CreateTokenRequest__Output } from '../../../switchboard/admin/v1/CreateTokenRequest';
import type { DeleteBotRequest as _switchboard_admin_v1_DeleteBotRequest, DeleteBotRequest__Output as _switchboard_admin_v1_DeleteBotRequest__Output } from '../../../switchboard/admin/v1/DeleteBotRequest';
import type { DeleteInstallationRequest as _switchboard_admin_v1_DeleteInstallationRequest, DeleteInstallationRequest__Output as _switchboard_admin_v1_DeleteInstallationRequest__Output } from '../../../switchboard/admin/v1/DeleteInstallationRequest';
import type { DeleteIntegrationRequest as _switchboard_admin_v1_DeleteIntegrationRequest, DeleteIntegrationRequest__Output as _switchboard_admin_v1_DeleteIntegrationRequest__Output } from '../../../switchboard/admin/v1/DeleteIntegrationRequest';
import type { Empty as _switchboard_admin_v1_Empty, Empty__Output as _switchboard_admin_v1_Empty__Output } from '../../../switchboard/admin/v1/Empty';
import type { GetBotRequest as _switchboard_admin_v1_GetBotRequest, GetBotRequest__Output as _switchboard_admin_v1_GetBotRequest__Output } from '../../../switchboard/admin/v1/GetBotRequest';
import type { GetBundleRequest as _switchboard_admin_v1_GetBundleRequest, GetBundleRequest__Output as _switchboard_admin_v1_GetBundleRequest__Output } from '../../../switchboard/admin/v1/GetBundleRequest';
import type { GetInstallationRequest as _switchboard_admin_v1_GetInstallationRequest, GetInstallationRequest__Output as _switchboard_admin_v1_GetInstallationRequest__Output } from '../../../switchboard/admin/v1/GetInstallationRequest';
import type { GetIntegrationRequest as _switchboard_admin_v1_GetIntegrationRequest, GetIntegrationRequest__Output as _switchboard_admin_v1_GetIntegrationRequest__Output } from '../../../switchboard/admin/v1/GetIntegrationRequest';
import type { Installation as _switchboard_admin_v1_Installation, Installation__Output as _switchboard_admin_v1_Installation__Output } from '../../../switchboard/admin/v1/Installation';
import type { Integration as _switchboard_admin_v1_Integration, Integration__Output as _switchboard_admin_v1_Integration__Output } from '../../../switchboard/admin/v1/Integration';
import type { ListBotsRequest as _switchboard_admin_v1_ListBotsRequest, ListBotsRequest__Output as _switchboard_admin_v1_ListBotsRequest__Output } from '../../../switchboard/admin/v1/ListBotsRequest';
import type { ListBotsResponse as _switchboard_admin_v1_ListBotsResponse, ListBotsResponse__Output as _switchboard_admin_v1_ListBotsResponse__Output } from '../../../switchboard/admin/v1/ListBotsResponse';
import type { ListConversationsRequest as _switchboard_admin_v1_ListConversationsRequest, ListConversationsRequest__Output as _switchboard_admin_v1_ListConversationsRequest__Output } from '../../../switchboard/admin/v1/ListConversationsRequest';
import type { ListConversationsResponse as _switchboard_admin_v1_ListConversationsResponse, ListConversationsResponse__Output as _switchboard_admin_v1_ListConversationsResponse__Output } from '../../../switchboard/admin/v1/ListConversationsResponse';
import type { ListDeadLettersRequest as _switchboard_admin_v1_ListDeadLettersRequest, ListDeadLettersRequest__Output as _switchboard_admin_v1_ListDeadLettersRequest__Output } from '../../../switchboard/admin/v1/ListDeadLettersRequest';
import type { ListDeadLettersResponse as _switchboard_admin_v1_ListDeadLettersResponse, ListDeadLettersResponse__Output as _switchboard_admin_v1_ListDeadLettersResponse__Output } from '../../../switchboard/admin/v1/ListDeadLettersResponse';
import type { ListInstallationsRequest as _switchboard_admin_v1_ListInstallationsRequest, ListInstallationsRequest__Output as _switchboard_admin_v1_ListInstallationsRequest__Output } from '../../../switchboard/admin/v1/ListInstallationsRequest';
import type { ListInstallationsResponse as _switchboard_admin_v1_ListInstallationsResponse, ListInstallationsResponse__Output as _switchboard_admin_v1_ListInstallationsResponse__Output } from '../../../switchboard/admin/v1/ListInstallationsResponse';
import type { ListIntegrationsRequest as _switchboard_admin_v1_ListIntegrationsRequest, ListIntegrationsRequest__Output as _switchboard_admin_v1_ListIntegrationsRequest__Output } from '../../../switchboard/admin/v1/ListIntegrationsRequest';
import type { ListIntegrationsResponse as _switchboard_admin_v1_ListIntegrationsResponse, ListIntegrationsResponse__Output as _switchboard_admin_v1_ListIntegrationsResponse__Output } from '../../../switchboard/admin/v1/ListIntegrationsResponse';
import type { ListMessagesRequest as _switchboard_admin_v1_ListMessagesRequest, ListMessagesRequest__Output as _switchboard_admin_v1_ListMessagesRequest__Output } from '../../../switchboard/admin/v1/ListMessagesRequest';
import type { ListMessagesResponse as _switchboard_admin_v1_ListMessagesResponse, ListMessagesResponse__Output as _switchboard_admin_v1_ListMessagesResponse__Output } from '../../../switchboard/admin/v1/ListMessagesResponse';
import type { ListTokensRequest as _switchboard_admin_v1_ListTokensRequest, ListTokensRequest__Output as _switchboard_admin_v1_ListTokensRequest__Output } from '../../../switchboard/admin/v1/ListTokensRequest';
import type { ListTokensResponse as _switchboard_admin_v1_ListTokensResponse, ListTokensResponse__Output as _switchboard_admin_v1_ListTokensResponse__Output } from '../../../switchboard/admin/v1/ListTokensResponse';
import type { PutBotRequest as _switchboard_admin_v1_PutBotRequest, PutBotRequest__Output as _switchboard_admin_v1_PutBotRequest__Output } from '../../../switchboard/admin/v1/PutBotRequest';
import type { PutIntegrationRequest as _switchboard_admin_v1_PutIntegrationRequest, PutIntegrationRequest__Output as _switchboard_admin_v1_PutIntegrationRequest__Output } from '../../../switchboard/admin/v1/PutIntegrationRequest';
import type { RenewTokenRequest as _switchboard_admin_v1_RenewTokenRequest, RenewTokenRequest__Output as _switchboard_admin_v1_RenewTokenRequest__Output } from '../../../switchboard/admin/v1/RenewTokenRequest';
import type { ReplayDeadLettersRequest as _switchboard_admin_v1_ReplayDeadLettersRequest, ReplayDeadLettersRequest__Output as _switchboard_admin_v1_ReplayDeadLettersRequest__Output } from '../../../switchboard/admin/v1/ReplayDeadLettersRequest';
import type { ReplayDeadLettersResponse as _switchboard_admin_v1_ReplayDeadLettersResponse, ReplayDeadLettersResponse__Output as _switchboard_admin_v1_ReplayDeadLettersResponse__Output } from '../../../switchboard/admin/v1/ReplayDeadLettersResponse';
import type { ReportRegistrationRequest as _switchboard_admin_v1_ReportRegistrationRequest, ReportRegistrationRequest__Output as _switchboard_admin_v1_ReportRegistrationRequest__Output } from '../../../switchboard/admin/v1/ReportRegistrationRequest';
import type { ResolveWebhookRequest as _switchboard_admin_v1_ResolveWebhookRequest, ResolveWebhookRequest__Output as _switchboard_admin_v1_ResolveWebhookRequest__Output } from '../../../switchboard/admin/v1/ResolveWebhookRequest';
import type { ResolvedWebhook as _switchboard_admin_v1_ResolvedWebhook, ResolvedWebhook__Output as _switchboard_admin_v1_ResolvedWebhook__Output } from '../../../switchboard/admin/v1/ResolvedWebhook';
import type { RevokeTokenRequest as _switchboard_admin_v1_RevokeTokenRequest, RevokeTokenRequest__Output as _switchboard_admin_v1_RevokeTokenRequest__Output } from '../../../switchboard/admin/v1/RevokeTokenRequest';
import type { Token as _switchboard_admin_v1_Token, Token__Output as _switchboard_admin_v1_Token__Output } from '../../../switchboard/admin/v1/Token';
import type { UpdateInstallationRequest as _switchboard_admin_v1_UpdateInstallationRequest, UpdateInstallationRequest__Output as _switchboard_admin_v1_UpdateInstallationRequest__Output } from '../../../switchboard/admin/v1/UpdateInstallationRequest';

export interface AdminServiceClient extends grpc.Client {
  /**
   * The install sequence `switchboard apply` and the operator both call (see the request).
   */
  ApplyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  ApplyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  ApplyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  ApplyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The install sequence `switchboard apply` and the operator both call (see the request).
   */
  applyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  applyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  applyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  applyInstallation(argument: _switchboard_admin_v1_ApplyInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyInstallationResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Publishes a version as the CLI and the operator do (see the request); idempotent.
   */
  ApplyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  ApplyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  ApplyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  ApplyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Publishes a version as the CLI and the operator do (see the request); idempotent.
   */
  applyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  applyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  applyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  applyIntegration(argument: _switchboard_admin_v1_ApplyIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ApplyIntegrationResponse__Output>): grpc.ClientUnaryCall;
  
  CreateInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  CreateInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  CreateInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  CreateInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  createInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  createInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  createInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  createInstallation(argument: _switchboard_admin_v1_CreateInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  
  CreateToken(argument: _switchboard_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _switchboard_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _switchboard_admin_v1_CreateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _switchboard_admin_v1_CreateTokenRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  createToken(argument: _switchboard_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  createToken(argument: _switchboard_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  createToken(argument: _switchboard_admin_v1_CreateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  createToken(argument: _switchboard_admin_v1_CreateTokenRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  
  DeleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteBot(argument: _switchboard_admin_v1_DeleteBotRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * Disables the installation and runs the integration's `unregister` handler (asynchronously); the
   * installation is deleted once the dispatcher reports the outcome. `force` deletes at once.
   */
  DeleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Disables the installation and runs the integration's `unregister` handler (asynchronously); the
   * installation is deleted once the dispatcher reports the outcome. `force` deletes at once.
   */
  deleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteInstallation(argument: _switchboard_admin_v1_DeleteInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  DeleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _switchboard_admin_v1_DeleteIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetBot(argument: _switchboard_admin_v1_GetBotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  GetBot(argument: _switchboard_admin_v1_GetBotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  GetBot(argument: _switchboard_admin_v1_GetBotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  GetBot(argument: _switchboard_admin_v1_GetBotRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  getBot(argument: _switchboard_admin_v1_GetBotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  getBot(argument: _switchboard_admin_v1_GetBotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  getBot(argument: _switchboard_admin_v1_GetBotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  getBot(argument: _switchboard_admin_v1_GetBotRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  
  GetBundle(argument: _switchboard_admin_v1_GetBundleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  GetBundle(argument: _switchboard_admin_v1_GetBundleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  GetBundle(argument: _switchboard_admin_v1_GetBundleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  GetBundle(argument: _switchboard_admin_v1_GetBundleRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  getBundle(argument: _switchboard_admin_v1_GetBundleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  getBundle(argument: _switchboard_admin_v1_GetBundleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  getBundle(argument: _switchboard_admin_v1_GetBundleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  getBundle(argument: _switchboard_admin_v1_GetBundleRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Bundle__Output>): grpc.ClientUnaryCall;
  
  GetInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  GetInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  GetInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  GetInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  getInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  getInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  getInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  getInstallation(argument: _switchboard_admin_v1_GetInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  
  GetIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  GetIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  GetIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  GetIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  getIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  getIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  getIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  getIntegration(argument: _switchboard_admin_v1_GetIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  
  ListBots(argument: _switchboard_admin_v1_ListBotsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  ListBots(argument: _switchboard_admin_v1_ListBotsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  ListBots(argument: _switchboard_admin_v1_ListBotsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  ListBots(argument: _switchboard_admin_v1_ListBotsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  listBots(argument: _switchboard_admin_v1_ListBotsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  listBots(argument: _switchboard_admin_v1_ListBotsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  listBots(argument: _switchboard_admin_v1_ListBotsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  listBots(argument: _switchboard_admin_v1_ListBotsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListBotsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A bot's conversations (filtered by tags) and their messages, for the console.
   */
  ListConversations(argument: _switchboard_admin_v1_ListConversationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  ListConversations(argument: _switchboard_admin_v1_ListConversationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  ListConversations(argument: _switchboard_admin_v1_ListConversationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  ListConversations(argument: _switchboard_admin_v1_ListConversationsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A bot's conversations (filtered by tags) and their messages, for the console.
   */
  listConversations(argument: _switchboard_admin_v1_ListConversationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_admin_v1_ListConversationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_admin_v1_ListConversationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_admin_v1_ListConversationsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * SB_DEAD's letters, oldest first; replaying publishes each original again and removes its letter.
   */
  ListDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  ListDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  ListDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  ListDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * SB_DEAD's letters, oldest first; replaying publishes each original again and removes its letter.
   */
  listDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  listDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  listDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  listDeadLetters(argument: _switchboard_admin_v1_ListDeadLettersRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  
  ListInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  ListInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  ListInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  ListInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  listInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  listInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  listInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  listInstallations(argument: _switchboard_admin_v1_ListInstallationsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListInstallationsResponse__Output>): grpc.ClientUnaryCall;
  
  ListIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  ListIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  ListIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  ListIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  listIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  listIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  listIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  listIntegrations(argument: _switchboard_admin_v1_ListIntegrationsRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  
  ListMessages(argument: _switchboard_admin_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _switchboard_admin_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _switchboard_admin_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _switchboard_admin_v1_ListMessagesRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_admin_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_admin_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_admin_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_admin_v1_ListMessagesRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTokens(argument: _switchboard_admin_v1_ListTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _switchboard_admin_v1_ListTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _switchboard_admin_v1_ListTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  ListTokens(argument: _switchboard_admin_v1_ListTokensRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _switchboard_admin_v1_ListTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _switchboard_admin_v1_ListTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _switchboard_admin_v1_ListTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  listTokens(argument: _switchboard_admin_v1_ListTokensRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ListTokensResponse__Output>): grpc.ClientUnaryCall;
  
  PutBot(argument: _switchboard_admin_v1_PutBotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  PutBot(argument: _switchboard_admin_v1_PutBotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  PutBot(argument: _switchboard_admin_v1_PutBotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  PutBot(argument: _switchboard_admin_v1_PutBotRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  putBot(argument: _switchboard_admin_v1_PutBotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  putBot(argument: _switchboard_admin_v1_PutBotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  putBot(argument: _switchboard_admin_v1_PutBotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  putBot(argument: _switchboard_admin_v1_PutBotRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Bot__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates the integration version, or updates it when name+version exists.
   */
  PutIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  PutIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  PutIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  PutIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  /**
   * Creates the integration version, or updates it when name+version exists.
   */
  putIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  putIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  putIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  putIntegration(argument: _switchboard_admin_v1_PutIntegrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Integration__Output>): grpc.ClientUnaryCall;
  
  /**
   * Moves an expiring token's end forward (the dispatcher renews its sandbox tokens while in use).
   */
  RenewToken(argument: _switchboard_admin_v1_RenewTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  RenewToken(argument: _switchboard_admin_v1_RenewTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  RenewToken(argument: _switchboard_admin_v1_RenewTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  RenewToken(argument: _switchboard_admin_v1_RenewTokenRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  /**
   * Moves an expiring token's end forward (the dispatcher renews its sandbox tokens while in use).
   */
  renewToken(argument: _switchboard_admin_v1_RenewTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  renewToken(argument: _switchboard_admin_v1_RenewTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  renewToken(argument: _switchboard_admin_v1_RenewTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  renewToken(argument: _switchboard_admin_v1_RenewTokenRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Token__Output>): grpc.ClientUnaryCall;
  
  ReplayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  ReplayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  ReplayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  ReplayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  replayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  replayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  replayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  replayDeadLetters(argument: _switchboard_admin_v1_ReplayDeadLettersRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ReplayDeadLettersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Called by the dispatcher after each `register` attempt.
   */
  ReportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  ReportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  ReportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  ReportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  /**
   * Called by the dispatcher after each `register` attempt.
   */
  reportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  reportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  reportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  reportRegistration(argument: _switchboard_admin_v1_ReportRegistrationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  
  /**
   * Where a webhook ID leads (ingress's read-only lookup): NOT_FOUND when unknown.
   */
  ResolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  ResolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  ResolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  ResolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  /**
   * Where a webhook ID leads (ingress's read-only lookup): NOT_FOUND when unknown.
   */
  resolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  resolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  resolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  resolveWebhook(argument: _switchboard_admin_v1_ResolveWebhookRequest, callback: grpc.requestCallback<_switchboard_admin_v1_ResolvedWebhook__Output>): grpc.ClientUnaryCall;
  
  RevokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _switchboard_admin_v1_RevokeTokenRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  UpdateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  UpdateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  UpdateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  UpdateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  updateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  updateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  updateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  updateInstallation(argument: _switchboard_admin_v1_UpdateInstallationRequest, callback: grpc.requestCallback<_switchboard_admin_v1_Installation__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The install sequence `switchboard apply` and the operator both call (see the request).
   */
  ApplyInstallation: grpc.handleUnaryCall<_switchboard_admin_v1_ApplyInstallationRequest__Output, _switchboard_admin_v1_ApplyInstallationResponse>;
  
  /**
   * Publishes a version as the CLI and the operator do (see the request); idempotent.
   */
  ApplyIntegration: grpc.handleUnaryCall<_switchboard_admin_v1_ApplyIntegrationRequest__Output, _switchboard_admin_v1_ApplyIntegrationResponse>;
  
  CreateInstallation: grpc.handleUnaryCall<_switchboard_admin_v1_CreateInstallationRequest__Output, _switchboard_admin_v1_Installation>;
  
  CreateToken: grpc.handleUnaryCall<_switchboard_admin_v1_CreateTokenRequest__Output, _switchboard_admin_v1_Token>;
  
  DeleteBot: grpc.handleUnaryCall<_switchboard_admin_v1_DeleteBotRequest__Output, _switchboard_admin_v1_Empty>;
  
  /**
   * Disables the installation and runs the integration's `unregister` handler (asynchronously); the
   * installation is deleted once the dispatcher reports the outcome. `force` deletes at once.
   */
  DeleteInstallation: grpc.handleUnaryCall<_switchboard_admin_v1_DeleteInstallationRequest__Output, _switchboard_admin_v1_Empty>;
  
  DeleteIntegration: grpc.handleUnaryCall<_switchboard_admin_v1_DeleteIntegrationRequest__Output, _switchboard_admin_v1_Empty>;
  
  GetBot: grpc.handleUnaryCall<_switchboard_admin_v1_GetBotRequest__Output, _switchboard_admin_v1_Bot>;
  
  GetBundle: grpc.handleUnaryCall<_switchboard_admin_v1_GetBundleRequest__Output, _switchboard_admin_v1_Bundle>;
  
  GetInstallation: grpc.handleUnaryCall<_switchboard_admin_v1_GetInstallationRequest__Output, _switchboard_admin_v1_Installation>;
  
  GetIntegration: grpc.handleUnaryCall<_switchboard_admin_v1_GetIntegrationRequest__Output, _switchboard_admin_v1_Integration>;
  
  ListBots: grpc.handleUnaryCall<_switchboard_admin_v1_ListBotsRequest__Output, _switchboard_admin_v1_ListBotsResponse>;
  
  /**
   * A bot's conversations (filtered by tags) and their messages, for the console.
   */
  ListConversations: grpc.handleUnaryCall<_switchboard_admin_v1_ListConversationsRequest__Output, _switchboard_admin_v1_ListConversationsResponse>;
  
  /**
   * SB_DEAD's letters, oldest first; replaying publishes each original again and removes its letter.
   */
  ListDeadLetters: grpc.handleUnaryCall<_switchboard_admin_v1_ListDeadLettersRequest__Output, _switchboard_admin_v1_ListDeadLettersResponse>;
  
  ListInstallations: grpc.handleUnaryCall<_switchboard_admin_v1_ListInstallationsRequest__Output, _switchboard_admin_v1_ListInstallationsResponse>;
  
  ListIntegrations: grpc.handleUnaryCall<_switchboard_admin_v1_ListIntegrationsRequest__Output, _switchboard_admin_v1_ListIntegrationsResponse>;
  
  ListMessages: grpc.handleUnaryCall<_switchboard_admin_v1_ListMessagesRequest__Output, _switchboard_admin_v1_ListMessagesResponse>;
  
  ListTokens: grpc.handleUnaryCall<_switchboard_admin_v1_ListTokensRequest__Output, _switchboard_admin_v1_ListTokensResponse>;
  
  PutBot: grpc.handleUnaryCall<_switchboard_admin_v1_PutBotRequest__Output, _switchboard_admin_v1_Bot>;
  
  /**
   * Creates the integration version, or updates it when name+version exists.
   */
  PutIntegration: grpc.handleUnaryCall<_switchboard_admin_v1_PutIntegrationRequest__Output, _switchboard_admin_v1_Integration>;
  
  /**
   * Moves an expiring token's end forward (the dispatcher renews its sandbox tokens while in use).
   */
  RenewToken: grpc.handleUnaryCall<_switchboard_admin_v1_RenewTokenRequest__Output, _switchboard_admin_v1_Token>;
  
  ReplayDeadLetters: grpc.handleUnaryCall<_switchboard_admin_v1_ReplayDeadLettersRequest__Output, _switchboard_admin_v1_ReplayDeadLettersResponse>;
  
  /**
   * Called by the dispatcher after each `register` attempt.
   */
  ReportRegistration: grpc.handleUnaryCall<_switchboard_admin_v1_ReportRegistrationRequest__Output, _switchboard_admin_v1_Installation>;
  
  /**
   * Where a webhook ID leads (ingress's read-only lookup): NOT_FOUND when unknown.
   */
  ResolveWebhook: grpc.handleUnaryCall<_switchboard_admin_v1_ResolveWebhookRequest__Output, _switchboard_admin_v1_ResolvedWebhook>;
  
  RevokeToken: grpc.handleUnaryCall<_switchboard_admin_v1_RevokeTokenRequest__Output, _switchboard_admin_v1_Empty>;
  
  UpdateInstallation: grpc.handleUnaryCall<_switchboard_admin_v1_UpdateInstallationRequest__Output, _switchboard_admin_v1_Installation>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  ApplyInstallation: MethodDefinition<_switchboard_admin_v1_ApplyInstallationRequest, _switchboard_admin_v1_ApplyInstallationResponse, _switchboard_admin_v1_ApplyInstallationRequest__Output, _switchboard_admin_v1_ApplyInstallationResponse__Output>
  ApplyIntegration: MethodDefinition<_switchboard_admin_v1_ApplyIntegrationRequest, _switchboard_admin_v1_ApplyIntegrationResponse, _switchboard_admin_v1_ApplyIntegrationRequest__Output, _switchboard_admin_v1_ApplyIntegrationResponse__Output>
  CreateInstallation: MethodDefinition<_switchboard_admin_v1_CreateInstallationRequest, _switchboard_admin_v1_Installation, _switchboard_admin_v1_CreateInstallationRequest__Output, _switchboard_admin_v1_Installation__Output>
  CreateToken: MethodDefinition<_switchboard_admin_v1_CreateTokenRequest, _switchboard_admin_v1_Token, _switchboard_admin_v1_CreateTokenRequest__Output, _switchboard_admin_v1_Token__Output>
  DeleteBot: MethodDefinition<_switchboard_admin_v1_DeleteBotRequest, _switchboard_admin_v1_Empty, _switchboard_admin_v1_DeleteBotRequest__Output, _switchboard_admin_v1_Empty__Output>
  DeleteInstallation: MethodDefinition<_switchboard_admin_v1_DeleteInstallationRequest, _switchboard_admin_v1_Empty, _switchboard_admin_v1_DeleteInstallationRequest__Output, _switchboard_admin_v1_Empty__Output>
  DeleteIntegration: MethodDefinition<_switchboard_admin_v1_DeleteIntegrationRequest, _switchboard_admin_v1_Empty, _switchboard_admin_v1_DeleteIntegrationRequest__Output, _switchboard_admin_v1_Empty__Output>
  GetBot: MethodDefinition<_switchboard_admin_v1_GetBotRequest, _switchboard_admin_v1_Bot, _switchboard_admin_v1_GetBotRequest__Output, _switchboard_admin_v1_Bot__Output>
  GetBundle: MethodDefinition<_switchboard_admin_v1_GetBundleRequest, _switchboard_admin_v1_Bundle, _switchboard_admin_v1_GetBundleRequest__Output, _switchboard_admin_v1_Bundle__Output>
  GetInstallation: MethodDefinition<_switchboard_admin_v1_GetInstallationRequest, _switchboard_admin_v1_Installation, _switchboard_admin_v1_GetInstallationRequest__Output, _switchboard_admin_v1_Installation__Output>
  GetIntegration: MethodDefinition<_switchboard_admin_v1_GetIntegrationRequest, _switchboard_admin_v1_Integration, _switchboard_admin_v1_GetIntegrationRequest__Output, _switchboard_admin_v1_Integration__Output>
  ListBots: MethodDefinition<_switchboard_admin_v1_ListBotsRequest, _switchboard_admin_v1_ListBotsResponse, _switchboard_admin_v1_ListBotsRequest__Output, _switchboard_admin_v1_ListBotsResponse__Output>
  ListConversations: MethodDefinition<_switchboard_admin_v1_ListConversationsRequest, _switchboard_admin_v1_ListConversationsResponse, _switchboard_admin_v1_ListConversationsRequest__Output, _switchboard_admin_v1_ListConversationsResponse__Output>
  ListDeadLetters: MethodDefinition<_switchboard_admin_v1_ListDeadLettersRequest, _switchboard_admin_v1_ListDeadLettersResponse, _switchboard_admin_v1_ListDeadLettersRequest__Output, _switchboard_admin_v1_ListDeadLettersResponse__Output>
  ListInstallations: MethodDefinition<_switchboard_admin_v1_ListInstallationsRequest, _switchboard_admin_v1_ListInstallationsResponse, _switchboard_admin_v1_ListInstallationsRequest__Output, _switchboard_admin_v1_ListInstallationsResponse__Output>
  ListIntegrations: MethodDefinition<_switchboard_admin_v1_ListIntegrationsRequest, _switchboard_admin_v1_ListIntegrationsResponse, _switchboard_admin_v1_ListIntegrationsRequest__Output, _switchboard_admin_v1_ListIntegrationsResponse__Output>
  ListMessages: MethodDefinition<_switchboard_admin_v1_ListMessagesRequest, _switchboard_admin_v1_ListMessagesResponse, _switchboard_admin_v1_ListMessagesRequest__Output, _switchboard_admin_v1_ListMessagesResponse__Output>
  ListTokens: MethodDefinition<_switchboard_admin_v1_ListTokensRequest, _switchboard_admin_v1_ListTokensResponse, _switchboard_admin_v1_ListTokensRequest__Output, _switchboard_admin_v1_ListTokensResponse__Output>
  PutBot: MethodDefinition<_switchboard_admin_v1_PutBotRequest, _switchboard_admin_v1_Bot, _switchboard_admin_v1_PutBotRequest__Output, _switchboard_admin_v1_Bot__Output>
  PutIntegration: MethodDefinition<_switchboard_admin_v1_PutIntegrationRequest, _switchboard_admin_v1_Integration, _switchboard_admin_v1_PutIntegrationRequest__Output, _switchboard_admin_v1_Integration__Output>
  RenewToken: MethodDefinition<_switchboard_admin_v1_RenewTokenRequest, _switchboard_admin_v1_Token, _switchboard_admin_v1_RenewTokenRequest__Output, _switchboard_admin_v1_Token__Output>
  ReplayDeadLetters: MethodDefinition<_switchboard_admin_v1_ReplayDeadLettersRequest, _switchboard_admin_v1_ReplayDeadLettersResponse, _switchboard_admin_v1_ReplayDeadLettersRequest__Output, _switchboard_admin_v1_ReplayDeadLettersResponse__Output>
  ReportRegistration: MethodDefinition<_switchboard_admin_v1_ReportRegistrationRequest, _switchboard_admin_v1_Installation, _switchboard_admin_v1_ReportRegistrationRequest__Output, _switchboard_admin_v1_Installation__Output>
  ResolveWebhook: MethodDefinition<_switchboard_admin_v1_ResolveWebhookRequest, _switchboard_admin_v1_ResolvedWebhook, _switchboard_admin_v1_ResolveWebhookRequest__Output, _switchboard_admin_v1_ResolvedWebhook__Output>
  RevokeToken: MethodDefinition<_switchboard_admin_v1_RevokeTokenRequest, _switchboard_admin_v1_Empty, _switchboard_admin_v1_RevokeTokenRequest__Output, _switchboard_admin_v1_Empty__Output>
  UpdateInstallation: MethodDefinition<_switchboard_admin_v1_UpdateInstallationRequest, _switchboard_admin_v1_Installation, _switchboard_admin_v1_UpdateInstallationRequest__Output, _switchboard_admin_v1_Installation__Output>
}
