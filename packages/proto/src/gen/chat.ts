import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddParticipantRequest as _switchboard_chat_v1_AddParticipantRequest, AddParticipantRequest__Output as _switchboard_chat_v1_AddParticipantRequest__Output } from './switchboard/chat/v1/AddParticipantRequest';
import type { CallActionRequest as _switchboard_chat_v1_CallActionRequest, CallActionRequest__Output as _switchboard_chat_v1_CallActionRequest__Output } from './switchboard/chat/v1/CallActionRequest';
import type { CallActionResponse as _switchboard_chat_v1_CallActionResponse, CallActionResponse__Output as _switchboard_chat_v1_CallActionResponse__Output } from './switchboard/chat/v1/CallActionResponse';
import type { ChatServiceClient as _switchboard_chat_v1_ChatServiceClient, ChatServiceDefinition as _switchboard_chat_v1_ChatServiceDefinition } from './switchboard/chat/v1/ChatService';
import type { Conversation as _switchboard_chat_v1_Conversation, Conversation__Output as _switchboard_chat_v1_Conversation__Output } from './switchboard/chat/v1/Conversation';
import type { CreateEventRequest as _switchboard_chat_v1_CreateEventRequest, CreateEventRequest__Output as _switchboard_chat_v1_CreateEventRequest__Output } from './switchboard/chat/v1/CreateEventRequest';
import type { CreateMessageRequest as _switchboard_chat_v1_CreateMessageRequest, CreateMessageRequest__Output as _switchboard_chat_v1_CreateMessageRequest__Output } from './switchboard/chat/v1/CreateMessageRequest';
import type { Event as _switchboard_chat_v1_Event, Event__Output as _switchboard_chat_v1_Event__Output } from './switchboard/chat/v1/Event';
import type { GetConversationRequest as _switchboard_chat_v1_GetConversationRequest, GetConversationRequest__Output as _switchboard_chat_v1_GetConversationRequest__Output } from './switchboard/chat/v1/GetConversationRequest';
import type { GetEventRequest as _switchboard_chat_v1_GetEventRequest, GetEventRequest__Output as _switchboard_chat_v1_GetEventRequest__Output } from './switchboard/chat/v1/GetEventRequest';
import type { GetMessageRequest as _switchboard_chat_v1_GetMessageRequest, GetMessageRequest__Output as _switchboard_chat_v1_GetMessageRequest__Output } from './switchboard/chat/v1/GetMessageRequest';
import type { GetOrCreateConversationRequest as _switchboard_chat_v1_GetOrCreateConversationRequest, GetOrCreateConversationRequest__Output as _switchboard_chat_v1_GetOrCreateConversationRequest__Output } from './switchboard/chat/v1/GetOrCreateConversationRequest';
import type { GetOrCreateConversationResponse as _switchboard_chat_v1_GetOrCreateConversationResponse, GetOrCreateConversationResponse__Output as _switchboard_chat_v1_GetOrCreateConversationResponse__Output } from './switchboard/chat/v1/GetOrCreateConversationResponse';
import type { GetOrCreateUserRequest as _switchboard_chat_v1_GetOrCreateUserRequest, GetOrCreateUserRequest__Output as _switchboard_chat_v1_GetOrCreateUserRequest__Output } from './switchboard/chat/v1/GetOrCreateUserRequest';
import type { GetOrCreateUserResponse as _switchboard_chat_v1_GetOrCreateUserResponse, GetOrCreateUserResponse__Output as _switchboard_chat_v1_GetOrCreateUserResponse__Output } from './switchboard/chat/v1/GetOrCreateUserResponse';
import type { GetStateRequest as _switchboard_chat_v1_GetStateRequest, GetStateRequest__Output as _switchboard_chat_v1_GetStateRequest__Output } from './switchboard/chat/v1/GetStateRequest';
import type { GetUserRequest as _switchboard_chat_v1_GetUserRequest, GetUserRequest__Output as _switchboard_chat_v1_GetUserRequest__Output } from './switchboard/chat/v1/GetUserRequest';
import type { ListConversationsRequest as _switchboard_chat_v1_ListConversationsRequest, ListConversationsRequest__Output as _switchboard_chat_v1_ListConversationsRequest__Output } from './switchboard/chat/v1/ListConversationsRequest';
import type { ListConversationsResponse as _switchboard_chat_v1_ListConversationsResponse, ListConversationsResponse__Output as _switchboard_chat_v1_ListConversationsResponse__Output } from './switchboard/chat/v1/ListConversationsResponse';
import type { ListMessagesRequest as _switchboard_chat_v1_ListMessagesRequest, ListMessagesRequest__Output as _switchboard_chat_v1_ListMessagesRequest__Output } from './switchboard/chat/v1/ListMessagesRequest';
import type { ListMessagesResponse as _switchboard_chat_v1_ListMessagesResponse, ListMessagesResponse__Output as _switchboard_chat_v1_ListMessagesResponse__Output } from './switchboard/chat/v1/ListMessagesResponse';
import type { ListParticipantsRequest as _switchboard_chat_v1_ListParticipantsRequest, ListParticipantsRequest__Output as _switchboard_chat_v1_ListParticipantsRequest__Output } from './switchboard/chat/v1/ListParticipantsRequest';
import type { ListUsersRequest as _switchboard_chat_v1_ListUsersRequest, ListUsersRequest__Output as _switchboard_chat_v1_ListUsersRequest__Output } from './switchboard/chat/v1/ListUsersRequest';
import type { ListUsersResponse as _switchboard_chat_v1_ListUsersResponse, ListUsersResponse__Output as _switchboard_chat_v1_ListUsersResponse__Output } from './switchboard/chat/v1/ListUsersResponse';
import type { Message as _switchboard_chat_v1_Message, Message__Output as _switchboard_chat_v1_Message__Output } from './switchboard/chat/v1/Message';
import type { Scope as _switchboard_chat_v1_Scope, Scope__Output as _switchboard_chat_v1_Scope__Output } from './switchboard/chat/v1/Scope';
import type { SetStateRequest as _switchboard_chat_v1_SetStateRequest, SetStateRequest__Output as _switchboard_chat_v1_SetStateRequest__Output } from './switchboard/chat/v1/SetStateRequest';
import type { State as _switchboard_chat_v1_State, State__Output as _switchboard_chat_v1_State__Output } from './switchboard/chat/v1/State';
import type { User as _switchboard_chat_v1_User, User__Output as _switchboard_chat_v1_User__Output } from './switchboard/chat/v1/User';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  switchboard: {
    chat: {
      v1: {
        AddParticipantRequest: MessageTypeDefinition<_switchboard_chat_v1_AddParticipantRequest, _switchboard_chat_v1_AddParticipantRequest__Output>
        CallActionRequest: MessageTypeDefinition<_switchboard_chat_v1_CallActionRequest, _switchboard_chat_v1_CallActionRequest__Output>
        CallActionResponse: MessageTypeDefinition<_switchboard_chat_v1_CallActionResponse, _switchboard_chat_v1_CallActionResponse__Output>
        ChatService: SubtypeConstructor<typeof grpc.Client, _switchboard_chat_v1_ChatServiceClient> & { service: _switchboard_chat_v1_ChatServiceDefinition }
        Conversation: MessageTypeDefinition<_switchboard_chat_v1_Conversation, _switchboard_chat_v1_Conversation__Output>
        CreateEventRequest: MessageTypeDefinition<_switchboard_chat_v1_CreateEventRequest, _switchboard_chat_v1_CreateEventRequest__Output>
        CreateMessageRequest: MessageTypeDefinition<_switchboard_chat_v1_CreateMessageRequest, _switchboard_chat_v1_CreateMessageRequest__Output>
        Event: MessageTypeDefinition<_switchboard_chat_v1_Event, _switchboard_chat_v1_Event__Output>
        GetConversationRequest: MessageTypeDefinition<_switchboard_chat_v1_GetConversationRequest, _switchboard_chat_v1_GetConversationRequest__Output>
        GetEventRequest: MessageTypeDefinition<_switchboard_chat_v1_GetEventRequest, _switchboard_chat_v1_GetEventRequest__Output>
        GetMessageRequest: MessageTypeDefinition<_switchboard_chat_v1_GetMessageRequest, _switchboard_chat_v1_GetMessageRequest__Output>
        GetOrCreateConversationRequest: MessageTypeDefinition<_switchboard_chat_v1_GetOrCreateConversationRequest, _switchboard_chat_v1_GetOrCreateConversationRequest__Output>
        GetOrCreateConversationResponse: MessageTypeDefinition<_switchboard_chat_v1_GetOrCreateConversationResponse, _switchboard_chat_v1_GetOrCreateConversationResponse__Output>
        GetOrCreateUserRequest: MessageTypeDefinition<_switchboard_chat_v1_GetOrCreateUserRequest, _switchboard_chat_v1_GetOrCreateUserRequest__Output>
        GetOrCreateUserResponse: MessageTypeDefinition<_switchboard_chat_v1_GetOrCreateUserResponse, _switchboard_chat_v1_GetOrCreateUserResponse__Output>
        GetStateRequest: MessageTypeDefinition<_switchboard_chat_v1_GetStateRequest, _switchboard_chat_v1_GetStateRequest__Output>
        GetUserRequest: MessageTypeDefinition<_switchboard_chat_v1_GetUserRequest, _switchboard_chat_v1_GetUserRequest__Output>
        ListConversationsRequest: MessageTypeDefinition<_switchboard_chat_v1_ListConversationsRequest, _switchboard_chat_v1_ListConversationsRequest__Output>
        ListConversationsResponse: MessageTypeDefinition<_switchboard_chat_v1_ListConversationsResponse, _switchboard_chat_v1_ListConversationsResponse__Output>
        ListMessagesRequest: MessageTypeDefinition<_switchboard_chat_v1_ListMessagesRequest, _switchboard_chat_v1_ListMessagesRequest__Output>
        ListMessagesResponse: MessageTypeDefinition<_switchboard_chat_v1_ListMessagesResponse, _switchboard_chat_v1_ListMessagesResponse__Output>
        ListParticipantsRequest: MessageTypeDefinition<_switchboard_chat_v1_ListParticipantsRequest, _switchboard_chat_v1_ListParticipantsRequest__Output>
        ListUsersRequest: MessageTypeDefinition<_switchboard_chat_v1_ListUsersRequest, _switchboard_chat_v1_ListUsersRequest__Output>
        ListUsersResponse: MessageTypeDefinition<_switchboard_chat_v1_ListUsersResponse, _switchboard_chat_v1_ListUsersResponse__Output>
        Message: MessageTypeDefinition<_switchboard_chat_v1_Message, _switchboard_chat_v1_Message__Output>
        Scope: MessageTypeDefinition<_switchboard_chat_v1_Scope, _switchboard_chat_v1_Scope__Output>
        SetStateRequest: MessageTypeDefinition<_switchboard_chat_v1_SetStateRequest, _switchboard_chat_v1_SetStateRequest__Output>
        State: MessageTypeDefinition<_switchboard_chat_v1_State, _switchboard_chat_v1_State__Output>
        User: MessageTypeDefinition<_switchboard_chat_v1_User, _switchboard_chat_v1_User__Output>
      }
    }
  }
}

