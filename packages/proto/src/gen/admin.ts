import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdminServiceClient as _switchboard_admin_v1_AdminServiceClient, AdminServiceDefinition as _switchboard_admin_v1_AdminServiceDefinition } from './switchboard/admin/v1/AdminService';
import type { ApplyInstallationRequest as _switchboard_admin_v1_ApplyInstallationRequest, ApplyInstallationRequest__Output as _switchboard_admin_v1_ApplyInstallationRequest__Output } from './switchboard/admin/v1/ApplyInstallationRequest';
import type { ApplyInstallationResponse as _switchboard_admin_v1_ApplyInstallationResponse, ApplyInstallationResponse__Output as _switchboard_admin_v1_ApplyInstallationResponse__Output } from './switchboard/admin/v1/ApplyInstallationResponse';
import type { ApplyIntegrationRequest as _switchboard_admin_v1_ApplyIntegrationRequest, ApplyIntegrationRequest__Output as _switchboard_admin_v1_ApplyIntegrationRequest__Output } from './switchboard/admin/v1/ApplyIntegrationRequest';
import type { ApplyIntegrationResponse as _switchboard_admin_v1_ApplyIntegrationResponse, ApplyIntegrationResponse__Output as _switchboard_admin_v1_ApplyIntegrationResponse__Output } from './switchboard/admin/v1/ApplyIntegrationResponse';
import type { Bot as _switchboard_admin_v1_Bot, Bot__Output as _switchboard_admin_v1_Bot__Output } from './switchboard/admin/v1/Bot';
import type { BotEndpoint as _switchboard_admin_v1_BotEndpoint, BotEndpoint__Output as _switchboard_admin_v1_BotEndpoint__Output } from './switchboard/admin/v1/BotEndpoint';
import type { Bundle as _switchboard_admin_v1_Bundle, Bundle__Output as _switchboard_admin_v1_Bundle__Output } from './switchboard/admin/v1/Bundle';
import type { BundleSource as _switchboard_admin_v1_BundleSource, BundleSource__Output as _switchboard_admin_v1_BundleSource__Output } from './switchboard/admin/v1/BundleSource';
import type { ConversationSummary as _switchboard_admin_v1_ConversationSummary, ConversationSummary__Output as _switchboard_admin_v1_ConversationSummary__Output } from './switchboard/admin/v1/ConversationSummary';
import type { CreateInstallationRequest as _switchboard_admin_v1_CreateInstallationRequest, CreateInstallationRequest__Output as _switchboard_admin_v1_CreateInstallationRequest__Output } from './switchboard/admin/v1/CreateInstallationRequest';
import type { CreateTokenRequest as _switchboard_admin_v1_CreateTokenRequest, CreateTokenRequest__Output as _switchboard_admin_v1_CreateTokenRequest__Output } from './switchboard/admin/v1/CreateTokenRequest';
import type { DeadLetter as _switchboard_admin_v1_DeadLetter, DeadLetter__Output as _switchboard_admin_v1_DeadLetter__Output } from './switchboard/admin/v1/DeadLetter';
import type { DeleteBotRequest as _switchboard_admin_v1_DeleteBotRequest, DeleteBotRequest__Output as _switchboard_admin_v1_DeleteBotRequest__Output } from './switchboard/admin/v1/DeleteBotRequest';
import type { DeleteInstallationRequest as _switchboard_admin_v1_DeleteInstallationRequest, DeleteInstallationRequest__Output as _switchboard_admin_v1_DeleteInstallationRequest__Output } from './switchboard/admin/v1/DeleteInstallationRequest';
import type { DeleteIntegrationRequest as _switchboard_admin_v1_DeleteIntegrationRequest, DeleteIntegrationRequest__Output as _switchboard_admin_v1_DeleteIntegrationRequest__Output } from './switchboard/admin/v1/DeleteIntegrationRequest';
import type { Empty as _switchboard_admin_v1_Empty, Empty__Output as _switchboard_admin_v1_Empty__Output } from './switchboard/admin/v1/Empty';
import type { GetBotRequest as _switchboard_admin_v1_GetBotRequest, GetBotRequest__Output as _switchboard_admin_v1_GetBotRequest__Output } from './switchboard/admin/v1/GetBotRequest';
import type { GetBundleRequest as _switchboard_admin_v1_GetBundleRequest, GetBundleRequest__Output as _switchboard_admin_v1_GetBundleRequest__Output } from './switchboard/admin/v1/GetBundleRequest';
import type { GetInstallationRequest as _switchboard_admin_v1_GetInstallationRequest, GetInstallationRequest__Output as _switchboard_admin_v1_GetInstallationRequest__Output } from './switchboard/admin/v1/GetInstallationRequest';
import type { GetIntegrationRequest as _switchboard_admin_v1_GetIntegrationRequest, GetIntegrationRequest__Output as _switchboard_admin_v1_GetIntegrationRequest__Output } from './switchboard/admin/v1/GetIntegrationRequest';
import type { HandlerCost as _switchboard_admin_v1_HandlerCost, HandlerCost__Output as _switchboard_admin_v1_HandlerCost__Output } from './switchboard/admin/v1/HandlerCost';
import type { Installation as _switchboard_admin_v1_Installation, Installation__Output as _switchboard_admin_v1_Installation__Output } from './switchboard/admin/v1/Installation';
import type { Integration as _switchboard_admin_v1_Integration, Integration__Output as _switchboard_admin_v1_Integration__Output } from './switchboard/admin/v1/Integration';
import type { ListBotsRequest as _switchboard_admin_v1_ListBotsRequest, ListBotsRequest__Output as _switchboard_admin_v1_ListBotsRequest__Output } from './switchboard/admin/v1/ListBotsRequest';
import type { ListBotsResponse as _switchboard_admin_v1_ListBotsResponse, ListBotsResponse__Output as _switchboard_admin_v1_ListBotsResponse__Output } from './switchboard/admin/v1/ListBotsResponse';
import type { ListConversationsRequest as _switchboard_admin_v1_ListConversationsRequest, ListConversationsRequest__Output as _switchboard_admin_v1_ListConversationsRequest__Output } from './switchboard/admin/v1/ListConversationsRequest';
import type { ListConversationsResponse as _switchboard_admin_v1_ListConversationsResponse, ListConversationsResponse__Output as _switchboard_admin_v1_ListConversationsResponse__Output } from './switchboard/admin/v1/ListConversationsResponse';
import type { ListDeadLettersRequest as _switchboard_admin_v1_ListDeadLettersRequest, ListDeadLettersRequest__Output as _switchboard_admin_v1_ListDeadLettersRequest__Output } from './switchboard/admin/v1/ListDeadLettersRequest';
import type { ListDeadLettersResponse as _switchboard_admin_v1_ListDeadLettersResponse, ListDeadLettersResponse__Output as _switchboard_admin_v1_ListDeadLettersResponse__Output } from './switchboard/admin/v1/ListDeadLettersResponse';
import type { ListInstallationsRequest as _switchboard_admin_v1_ListInstallationsRequest, ListInstallationsRequest__Output as _switchboard_admin_v1_ListInstallationsRequest__Output } from './switchboard/admin/v1/ListInstallationsRequest';
import type { ListInstallationsResponse as _switchboard_admin_v1_ListInstallationsResponse, ListInstallationsResponse__Output as _switchboard_admin_v1_ListInstallationsResponse__Output } from './switchboard/admin/v1/ListInstallationsResponse';
import type { ListIntegrationsRequest as _switchboard_admin_v1_ListIntegrationsRequest, ListIntegrationsRequest__Output as _switchboard_admin_v1_ListIntegrationsRequest__Output } from './switchboard/admin/v1/ListIntegrationsRequest';
import type { ListIntegrationsResponse as _switchboard_admin_v1_ListIntegrationsResponse, ListIntegrationsResponse__Output as _switchboard_admin_v1_ListIntegrationsResponse__Output } from './switchboard/admin/v1/ListIntegrationsResponse';
import type { ListMessagesRequest as _switchboard_admin_v1_ListMessagesRequest, ListMessagesRequest__Output as _switchboard_admin_v1_ListMessagesRequest__Output } from './switchboard/admin/v1/ListMessagesRequest';
import type { ListMessagesResponse as _switchboard_admin_v1_ListMessagesResponse, ListMessagesResponse__Output as _switchboard_admin_v1_ListMessagesResponse__Output } from './switchboard/admin/v1/ListMessagesResponse';
import type { ListTokensRequest as _switchboard_admin_v1_ListTokensRequest, ListTokensRequest__Output as _switchboard_admin_v1_ListTokensRequest__Output } from './switchboard/admin/v1/ListTokensRequest';
import type { ListTokensResponse as _switchboard_admin_v1_ListTokensResponse, ListTokensResponse__Output as _switchboard_admin_v1_ListTokensResponse__Output } from './switchboard/admin/v1/ListTokensResponse';
import type { MessageSummary as _switchboard_admin_v1_MessageSummary, MessageSummary__Output as _switchboard_admin_v1_MessageSummary__Output } from './switchboard/admin/v1/MessageSummary';
import type { PutBotRequest as _switchboard_admin_v1_PutBotRequest, PutBotRequest__Output as _switchboard_admin_v1_PutBotRequest__Output } from './switchboard/admin/v1/PutBotRequest';
import type { PutIntegrationRequest as _switchboard_admin_v1_PutIntegrationRequest, PutIntegrationRequest__Output as _switchboard_admin_v1_PutIntegrationRequest__Output } from './switchboard/admin/v1/PutIntegrationRequest';
import type { RegistrationStatus as _switchboard_admin_v1_RegistrationStatus, RegistrationStatus__Output as _switchboard_admin_v1_RegistrationStatus__Output } from './switchboard/admin/v1/RegistrationStatus';
import type { RenewTokenRequest as _switchboard_admin_v1_RenewTokenRequest, RenewTokenRequest__Output as _switchboard_admin_v1_RenewTokenRequest__Output } from './switchboard/admin/v1/RenewTokenRequest';
import type { ReplayDeadLettersRequest as _switchboard_admin_v1_ReplayDeadLettersRequest, ReplayDeadLettersRequest__Output as _switchboard_admin_v1_ReplayDeadLettersRequest__Output } from './switchboard/admin/v1/ReplayDeadLettersRequest';
import type { ReplayDeadLettersResponse as _switchboard_admin_v1_ReplayDeadLettersResponse, ReplayDeadLettersResponse__Output as _switchboard_admin_v1_ReplayDeadLettersResponse__Output } from './switchboard/admin/v1/ReplayDeadLettersResponse';
import type { ReportRegistrationRequest as _switchboard_admin_v1_ReportRegistrationRequest, ReportRegistrationRequest__Output as _switchboard_admin_v1_ReportRegistrationRequest__Output } from './switchboard/admin/v1/ReportRegistrationRequest';
import type { ResolveWebhookRequest as _switchboard_admin_v1_ResolveWebhookRequest, ResolveWebhookRequest__Output as _switchboard_admin_v1_ResolveWebhookRequest__Output } from './switchboard/admin/v1/ResolveWebhookRequest';
import type { ResolvedWebhook as _switchboard_admin_v1_ResolvedWebhook, ResolvedWebhook__Output as _switchboard_admin_v1_ResolvedWebhook__Output } from './switchboard/admin/v1/ResolvedWebhook';
import type { RevokeTokenRequest as _switchboard_admin_v1_RevokeTokenRequest, RevokeTokenRequest__Output as _switchboard_admin_v1_RevokeTokenRequest__Output } from './switchboard/admin/v1/RevokeTokenRequest';
import type { Token as _switchboard_admin_v1_Token, Token__Output as _switchboard_admin_v1_Token__Output } from './switchboard/admin/v1/Token';
import type { UpdateInstallationRequest as _switchboard_admin_v1_UpdateInstallationRequest, UpdateInstallationRequest__Output as _switchboard_admin_v1_UpdateInstallationRequest__Output } from './switchboard/admin/v1/UpdateInstallationRequest';
import type { WebhookSettings as _switchboard_admin_v1_WebhookSettings, WebhookSettings__Output as _switchboard_admin_v1_WebhookSettings__Output } from './switchboard/admin/v1/WebhookSettings';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  switchboard: {
    admin: {
      v1: {
        AdminService: SubtypeConstructor<typeof grpc.Client, _switchboard_admin_v1_AdminServiceClient> & { service: _switchboard_admin_v1_AdminServiceDefinition }
        ApplyInstallationRequest: MessageTypeDefinition<_switchboard_admin_v1_ApplyInstallationRequest, _switchboard_admin_v1_ApplyInstallationRequest__Output>
        ApplyInstallationResponse: MessageTypeDefinition<_switchboard_admin_v1_ApplyInstallationResponse, _switchboard_admin_v1_ApplyInstallationResponse__Output>
        ApplyIntegrationRequest: MessageTypeDefinition<_switchboard_admin_v1_ApplyIntegrationRequest, _switchboard_admin_v1_ApplyIntegrationRequest__Output>
        ApplyIntegrationResponse: MessageTypeDefinition<_switchboard_admin_v1_ApplyIntegrationResponse, _switchboard_admin_v1_ApplyIntegrationResponse__Output>
        Bot: MessageTypeDefinition<_switchboard_admin_v1_Bot, _switchboard_admin_v1_Bot__Output>
        BotEndpoint: MessageTypeDefinition<_switchboard_admin_v1_BotEndpoint, _switchboard_admin_v1_BotEndpoint__Output>
        Bundle: MessageTypeDefinition<_switchboard_admin_v1_Bundle, _switchboard_admin_v1_Bundle__Output>
        BundleSource: MessageTypeDefinition<_switchboard_admin_v1_BundleSource, _switchboard_admin_v1_BundleSource__Output>
        ConversationSummary: MessageTypeDefinition<_switchboard_admin_v1_ConversationSummary, _switchboard_admin_v1_ConversationSummary__Output>
        CreateInstallationRequest: MessageTypeDefinition<_switchboard_admin_v1_CreateInstallationRequest, _switchboard_admin_v1_CreateInstallationRequest__Output>
        CreateTokenRequest: MessageTypeDefinition<_switchboard_admin_v1_CreateTokenRequest, _switchboard_admin_v1_CreateTokenRequest__Output>
        DeadLetter: MessageTypeDefinition<_switchboard_admin_v1_DeadLetter, _switchboard_admin_v1_DeadLetter__Output>
        DeleteBotRequest: MessageTypeDefinition<_switchboard_admin_v1_DeleteBotRequest, _switchboard_admin_v1_DeleteBotRequest__Output>
        DeleteInstallationRequest: MessageTypeDefinition<_switchboard_admin_v1_DeleteInstallationRequest, _switchboard_admin_v1_DeleteInstallationRequest__Output>
        DeleteIntegrationRequest: MessageTypeDefinition<_switchboard_admin_v1_DeleteIntegrationRequest, _switchboard_admin_v1_DeleteIntegrationRequest__Output>
        Empty: MessageTypeDefinition<_switchboard_admin_v1_Empty, _switchboard_admin_v1_Empty__Output>
        GetBotRequest: MessageTypeDefinition<_switchboard_admin_v1_GetBotRequest, _switchboard_admin_v1_GetBotRequest__Output>
        GetBundleRequest: MessageTypeDefinition<_switchboard_admin_v1_GetBundleRequest, _switchboard_admin_v1_GetBundleRequest__Output>
        GetInstallationRequest: MessageTypeDefinition<_switchboard_admin_v1_GetInstallationRequest, _switchboard_admin_v1_GetInstallationRequest__Output>
        GetIntegrationRequest: MessageTypeDefinition<_switchboard_admin_v1_GetIntegrationRequest, _switchboard_admin_v1_GetIntegrationRequest__Output>
        HandlerCost: MessageTypeDefinition<_switchboard_admin_v1_HandlerCost, _switchboard_admin_v1_HandlerCost__Output>
        Installation: MessageTypeDefinition<_switchboard_admin_v1_Installation, _switchboard_admin_v1_Installation__Output>
        Integration: MessageTypeDefinition<_switchboard_admin_v1_Integration, _switchboard_admin_v1_Integration__Output>
        ListBotsRequest: MessageTypeDefinition<_switchboard_admin_v1_ListBotsRequest, _switchboard_admin_v1_ListBotsRequest__Output>
        ListBotsResponse: MessageTypeDefinition<_switchboard_admin_v1_ListBotsResponse, _switchboard_admin_v1_ListBotsResponse__Output>
        ListConversationsRequest: MessageTypeDefinition<_switchboard_admin_v1_ListConversationsRequest, _switchboard_admin_v1_ListConversationsRequest__Output>
        ListConversationsResponse: MessageTypeDefinition<_switchboard_admin_v1_ListConversationsResponse, _switchboard_admin_v1_ListConversationsResponse__Output>
        ListDeadLettersRequest: MessageTypeDefinition<_switchboard_admin_v1_ListDeadLettersRequest, _switchboard_admin_v1_ListDeadLettersRequest__Output>
        ListDeadLettersResponse: MessageTypeDefinition<_switchboard_admin_v1_ListDeadLettersResponse, _switchboard_admin_v1_ListDeadLettersResponse__Output>
        ListInstallationsRequest: MessageTypeDefinition<_switchboard_admin_v1_ListInstallationsRequest, _switchboard_admin_v1_ListInstallationsRequest__Output>
        ListInstallationsResponse: MessageTypeDefinition<_switchboard_admin_v1_ListInstallationsResponse, _switchboard_admin_v1_ListInstallationsResponse__Output>
        ListIntegrationsRequest: MessageTypeDefinition<_switchboard_admin_v1_ListIntegrationsRequest, _switchboard_admin_v1_ListIntegrationsRequest__Output>
        ListIntegrationsResponse: MessageTypeDefinition<_switchboard_admin_v1_ListIntegrationsResponse, _switchboard_admin_v1_ListIntegrationsResponse__Output>
        ListMessagesRequest: MessageTypeDefinition<_switchboard_admin_v1_ListMessagesRequest, _switchboard_admin_v1_ListMessagesRequest__Output>
        ListMessagesResponse: MessageTypeDefinition<_switchboard_admin_v1_ListMessagesResponse, _switchboard_admin_v1_ListMessagesResponse__Output>
        ListTokensRequest: MessageTypeDefinition<_switchboard_admin_v1_ListTokensRequest, _switchboard_admin_v1_ListTokensRequest__Output>
        ListTokensResponse: MessageTypeDefinition<_switchboard_admin_v1_ListTokensResponse, _switchboard_admin_v1_ListTokensResponse__Output>
        MessageSummary: MessageTypeDefinition<_switchboard_admin_v1_MessageSummary, _switchboard_admin_v1_MessageSummary__Output>
        PutBotRequest: MessageTypeDefinition<_switchboard_admin_v1_PutBotRequest, _switchboard_admin_v1_PutBotRequest__Output>
        PutIntegrationRequest: MessageTypeDefinition<_switchboard_admin_v1_PutIntegrationRequest, _switchboard_admin_v1_PutIntegrationRequest__Output>
        RegistrationStatus: MessageTypeDefinition<_switchboard_admin_v1_RegistrationStatus, _switchboard_admin_v1_RegistrationStatus__Output>
        RenewTokenRequest: MessageTypeDefinition<_switchboard_admin_v1_RenewTokenRequest, _switchboard_admin_v1_RenewTokenRequest__Output>
        ReplayDeadLettersRequest: MessageTypeDefinition<_switchboard_admin_v1_ReplayDeadLettersRequest, _switchboard_admin_v1_ReplayDeadLettersRequest__Output>
        ReplayDeadLettersResponse: MessageTypeDefinition<_switchboard_admin_v1_ReplayDeadLettersResponse, _switchboard_admin_v1_ReplayDeadLettersResponse__Output>
        ReportRegistrationRequest: MessageTypeDefinition<_switchboard_admin_v1_ReportRegistrationRequest, _switchboard_admin_v1_ReportRegistrationRequest__Output>
        ResolveWebhookRequest: MessageTypeDefinition<_switchboard_admin_v1_ResolveWebhookRequest, _switchboard_admin_v1_ResolveWebhookRequest__Output>
        ResolvedWebhook: MessageTypeDefinition<_switchboard_admin_v1_ResolvedWebhook, _switchboard_admin_v1_ResolvedWebhook__Output>
        RevokeTokenRequest: MessageTypeDefinition<_switchboard_admin_v1_RevokeTokenRequest, _switchboard_admin_v1_RevokeTokenRequest__Output>
        Token: MessageTypeDefinition<_switchboard_admin_v1_Token, _switchboard_admin_v1_Token__Output>
        UpdateInstallationRequest: MessageTypeDefinition<_switchboard_admin_v1_UpdateInstallationRequest, _switchboard_admin_v1_UpdateInstallationRequest__Output>
        WebhookSettings: MessageTypeDefinition<_switchboard_admin_v1_WebhookSettings, _switchboard_admin_v1_WebhookSettings__Output>
      }
    }
  }
}

