// Original file: ../../proto/switchboard/chat/v1/chat.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddParticipantRequest as _switchboard_chat_v1_AddParticipantRequest, AddParticipantRequest__Output as _switchboard_chat_v1_AddParticipantRequest__Output } from '../../../switchboard/chat/v1/AddParticipantRequest';
import type { CallActionRequest as _switchboard_chat_v1_CallActionRequest, CallActionRequest__Output as _switchboard_chat_v1_CallActionRequest__Output } from '../../../switchboard/chat/v1/CallActionRequest';
import type { CallActionResponse as _switchboard_chat_v1_CallActionResponse, CallActionResponse__Output as _switchboard_chat_v1_CallActionResponse__Output } from '../../../switchboard/chat/v1/CallActionResponse';
import type { Conversation as _switchboard_chat_v1_Conversation, Conversation__Output as _switchboard_chat_v1_Conversation__Output } from '../../../switchboard/chat/v1/Conversation';
import type { CreateEventRequest as _switchboard_chat_v1_CreateEventRequest, CreateEventRequest__Output as _switchboard_chat_v1_CreateEventRequest__Output } from '../../../switchboard/chat/v1/CreateEventRequest';
import type { CreateMessageRequest as _switchboard_chat_v1_CreateMessageRequest, CreateMessageRequest__Output as _switchboard_chat_v1_CreateMessageRequest__Output } from '../../../switchboard/chat/v1/CreateMessageRequest';
import type { Event as _switchboard_chat_v1_Event, Event__Output as _switchboard_chat_v1_Event__Output } from '../../../switchboard/chat/v1/Event';
import type { GetConversationRequest as _switchboard_chat_v1_GetConversationRequest, GetConversationRequest__Output as _switchboard_chat_v1_GetConversationRequest__Output } from '../../../switchboard/chat/v1/GetConversationRequest';
import type { GetEventRequest as _switchboard_chat_v1_GetEventRequest, GetEventRequest__Output as _switchboard_chat_v1_GetEventRequest__Output } from '../../../switchboard/chat/v1/GetEventRequest';
import type { GetMessageRequest as _switchboard_chat_v1_GetMessageRequest, GetMessageRequest__Output as _switchboard_chat_v1_GetMessageRequest__Output } from '../../../switchboard/chat/v1/GetMessageRequest';
import type { GetOrCreateConversationRequest as _switchboard_chat_v1_GetOrCreateConversationRequest, GetOrCreateConversationRequest__Output as _switchboard_chat_v1_GetOrCreateConversationRequest__Output } from '../../../switchboard/chat/v1/GetOrCreateConversationRequest';
import type { GetOrCreateConversationResponse as _switchboard_chat_v1_GetOrCreateConversationResponse, GetOrCreateConversationResponse__Output as _switchboard_chat_v1_GetOrCreateConversationResponse__Output } from '../../../switchboard/chat/v1/GetOrCreateConversationResponse';
import type { GetOrCreateUserRequest as _switchboard_chat_v1_GetOrCreateUserRequest, GetOrCreateUserRequest__Output as _switchboard_chat_v1_GetOrCreateUserRequest__Output } from '../../../switchboard/chat/v1/GetOrCreateUserRequest';
import type { GetOrCreateUserResponse as _switchboard_chat_v1_GetOrCreateUserResponse, GetOrCreateUserResponse__Output as _switchboard_chat_v1_GetOrCreateUserResponse__Output } from '../../../switchboard/chat/v1/GetOrCreateUserResponse';
import type { GetStateRequest as _switchboard_chat_v1_GetStateRequest, GetStateRequest__Output as _switchboard_chat_v1_GetStateRequest__Output } from '../../../switchboard/chat/v1/GetStateRequest';
import type { GetUserRequest as _switchboard_chat_v1_GetUserRequest, GetUserRequest__Output as _switchboard_chat_v1_GetUserRequest__Output } from '../../../switchboard/chat/v1/GetUserRequest';
import type { ListConversationsRequest as _switchboard_chat_v1_ListConversationsRequest, ListConversationsRequest__Output as _switchboard_chat_v1_ListConversationsRequest__Output } from '../../../switchboard/chat/v1/ListConversationsRequest';
import type { ListConversationsResponse as _switchboard_chat_v1_ListConversationsResponse, ListConversationsResponse__Output as _switchboard_chat_v1_ListConversationsResponse__Output } from '../../../switchboard/chat/v1/ListConversationsResponse';
import type { ListMessagesRequest as _switchboard_chat_v1_ListMessagesRequest, ListMessagesRequest__Output as _switchboard_chat_v1_ListMessagesRequest__Output } from '../../../switchboard/chat/v1/ListMessagesRequest';
import type { ListMessagesResponse as _switchboard_chat_v1_ListMessagesResponse, ListMessagesResponse__Output as _switchboard_chat_v1_ListMessagesResponse__Output } from '../../../switchboard/chat/v1/ListMessagesResponse';
import type { ListParticipantsRequest as _switchboard_chat_v1_ListParticipantsRequest, ListParticipantsRequest__Output as _switchboard_chat_v1_ListParticipantsRequest__Output } from '../../../switchboard/chat/v1/ListParticipantsRequest';
import type { ListUsersRequest as _switchboard_chat_v1_ListUsersRequest, ListUsersRequest__Output as _switchboard_chat_v1_ListUsersRequest__Output } from '../../../switchboard/chat/v1/ListUsersRequest';
import type { ListUsersResponse as _switchboard_chat_v1_ListUsersResponse, ListUsersResponse__Output as _switchboard_chat_v1_ListUsersResponse__Output } from '../../../switchboard/chat/v1/ListUsersResponse';
import type { Message as _switchboard_chat_v1_Message, Message__Output as _switchboard_chat_v1_Message__Output } from '../../../switchboard/chat/v1/Message';
import type { SetStateRequest as _switchboard_chat_v1_SetStateRequest, SetStateRequest__Output as _switchboard_chat_v1_SetStateRequest__Output } from '../../../switchboard/chat/v1/SetStateRequest';
import type { State as _switchboard_chat_v1_State, State__Output as _switchboard_chat_v1_State__Output } from '../../../switchboard/chat/v1/State';
import type { User as _switchboard_chat_v1_User, User__Output as _switchboard_chat_v1_User__Output } from '../../../switchboard/chat/v1/User';

export interface ChatServiceClient extends grpc.Client {
  AddParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  AddParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  AddParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  AddParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  addParticipant(argument: _switchboard_chat_v1_AddParticipantRequest, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  
  /**
   * Runs an integration action for a bot. Served once the dispatcher can invoke sandboxes
   * (the bots issue); until then it answers UNIMPLEMENTED.
   */
  CallAction(argument: _switchboard_chat_v1_CallActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  CallAction(argument: _switchboard_chat_v1_CallActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  CallAction(argument: _switchboard_chat_v1_CallActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  CallAction(argument: _switchboard_chat_v1_CallActionRequest, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Runs an integration action for a bot. Served once the dispatcher can invoke sandboxes
   * (the bots issue); until then it answers UNIMPLEMENTED.
   */
  callAction(argument: _switchboard_chat_v1_CallActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  callAction(argument: _switchboard_chat_v1_CallActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  callAction(argument: _switchboard_chat_v1_CallActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  callAction(argument: _switchboard_chat_v1_CallActionRequest, callback: grpc.requestCallback<_switchboard_chat_v1_CallActionResponse__Output>): grpc.ClientUnaryCall;
  
  CreateEvent(argument: _switchboard_chat_v1_CreateEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  CreateEvent(argument: _switchboard_chat_v1_CreateEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  CreateEvent(argument: _switchboard_chat_v1_CreateEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  CreateEvent(argument: _switchboard_chat_v1_CreateEventRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  createEvent(argument: _switchboard_chat_v1_CreateEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  createEvent(argument: _switchboard_chat_v1_CreateEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  createEvent(argument: _switchboard_chat_v1_CreateEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  createEvent(argument: _switchboard_chat_v1_CreateEventRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  
  CreateMessage(argument: _switchboard_chat_v1_CreateMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  CreateMessage(argument: _switchboard_chat_v1_CreateMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  CreateMessage(argument: _switchboard_chat_v1_CreateMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  CreateMessage(argument: _switchboard_chat_v1_CreateMessageRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  createMessage(argument: _switchboard_chat_v1_CreateMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  createMessage(argument: _switchboard_chat_v1_CreateMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  createMessage(argument: _switchboard_chat_v1_CreateMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  createMessage(argument: _switchboard_chat_v1_CreateMessageRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  
  GetConversation(argument: _switchboard_chat_v1_GetConversationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  GetConversation(argument: _switchboard_chat_v1_GetConversationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  GetConversation(argument: _switchboard_chat_v1_GetConversationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  GetConversation(argument: _switchboard_chat_v1_GetConversationRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  getConversation(argument: _switchboard_chat_v1_GetConversationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  getConversation(argument: _switchboard_chat_v1_GetConversationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  getConversation(argument: _switchboard_chat_v1_GetConversationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  getConversation(argument: _switchboard_chat_v1_GetConversationRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Conversation__Output>): grpc.ClientUnaryCall;
  
  GetEvent(argument: _switchboard_chat_v1_GetEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  GetEvent(argument: _switchboard_chat_v1_GetEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  GetEvent(argument: _switchboard_chat_v1_GetEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  GetEvent(argument: _switchboard_chat_v1_GetEventRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _switchboard_chat_v1_GetEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _switchboard_chat_v1_GetEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _switchboard_chat_v1_GetEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _switchboard_chat_v1_GetEventRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Event__Output>): grpc.ClientUnaryCall;
  
  GetMessage(argument: _switchboard_chat_v1_GetMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  GetMessage(argument: _switchboard_chat_v1_GetMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  GetMessage(argument: _switchboard_chat_v1_GetMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  GetMessage(argument: _switchboard_chat_v1_GetMessageRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _switchboard_chat_v1_GetMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _switchboard_chat_v1_GetMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _switchboard_chat_v1_GetMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  getMessage(argument: _switchboard_chat_v1_GetMessageRequest, callback: grpc.requestCallback<_switchboard_chat_v1_Message__Output>): grpc.ClientUnaryCall;
  
  GetOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  GetOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  GetOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  GetOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateConversation(argument: _switchboard_chat_v1_GetOrCreateConversationRequest, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateConversationResponse__Output>): grpc.ClientUnaryCall;
  
  GetOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  GetOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  GetOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  GetOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  getOrCreateUser(argument: _switchboard_chat_v1_GetOrCreateUserRequest, callback: grpc.requestCallback<_switchboard_chat_v1_GetOrCreateUserResponse__Output>): grpc.ClientUnaryCall;
  
  GetState(argument: _switchboard_chat_v1_GetStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  GetState(argument: _switchboard_chat_v1_GetStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  GetState(argument: _switchboard_chat_v1_GetStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  GetState(argument: _switchboard_chat_v1_GetStateRequest, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  getState(argument: _switchboard_chat_v1_GetStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  getState(argument: _switchboard_chat_v1_GetStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  getState(argument: _switchboard_chat_v1_GetStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  getState(argument: _switchboard_chat_v1_GetStateRequest, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  
  GetUser(argument: _switchboard_chat_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _switchboard_chat_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _switchboard_chat_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _switchboard_chat_v1_GetUserRequest, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _switchboard_chat_v1_GetUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _switchboard_chat_v1_GetUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _switchboard_chat_v1_GetUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _switchboard_chat_v1_GetUserRequest, callback: grpc.requestCallback<_switchboard_chat_v1_User__Output>): grpc.ClientUnaryCall;
  
  ListConversations(argument: _switchboard_chat_v1_ListConversationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  ListConversations(argument: _switchboard_chat_v1_ListConversationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  ListConversations(argument: _switchboard_chat_v1_ListConversationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  ListConversations(argument: _switchboard_chat_v1_ListConversationsRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_chat_v1_ListConversationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_chat_v1_ListConversationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_chat_v1_ListConversationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  listConversations(argument: _switchboard_chat_v1_ListConversationsRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListConversationsResponse__Output>): grpc.ClientUnaryCall;
  
  ListMessages(argument: _switchboard_chat_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _switchboard_chat_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _switchboard_chat_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _switchboard_chat_v1_ListMessagesRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_chat_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_chat_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_chat_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _switchboard_chat_v1_ListMessagesRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  
  ListParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listParticipants(argument: _switchboard_chat_v1_ListParticipantsRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  ListUsers(argument: _switchboard_chat_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _switchboard_chat_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _switchboard_chat_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _switchboard_chat_v1_ListUsersRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _switchboard_chat_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _switchboard_chat_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _switchboard_chat_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _switchboard_chat_v1_ListUsersRequest, callback: grpc.requestCallback<_switchboard_chat_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  SetState(argument: _switchboard_chat_v1_SetStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  SetState(argument: _switchboard_chat_v1_SetStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  SetState(argument: _switchboard_chat_v1_SetStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  SetState(argument: _switchboard_chat_v1_SetStateRequest, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  setState(argument: _switchboard_chat_v1_SetStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  setState(argument: _switchboard_chat_v1_SetStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  setState(argument: _switchboard_chat_v1_SetStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  setState(argument: _switchboard_chat_v1_SetStateRequest, callback: grpc.requestCallback<_switchboard_chat_v1_State__Output>): grpc.ClientUnaryCall;
  
}

export interface ChatServiceHandlers extends grpc.UntypedServiceImplementation {
  AddParticipant: grpc.handleUnaryCall<_switchboard_chat_v1_AddParticipantRequest__Output, _switchboard_chat_v1_User>;
  
  /**
   * Runs an integration action for a bot. Served once the dispatcher can invoke sandboxes
   * (the bots issue); until then it answers UNIMPLEMENTED.
   */
  CallAction: grpc.handleUnaryCall<_switchboard_chat_v1_CallActionRequest__Output, _switchboard_chat_v1_CallActionResponse>;
  
  CreateEvent: grpc.handleUnaryCall<_switchboard_chat_v1_CreateEventRequest__Output, _switchboard_chat_v1_Event>;
  
  CreateMessage: grpc.handleUnaryCall<_switchboard_chat_v1_CreateMessageRequest__Output, _switchboard_chat_v1_Message>;
  
  GetConversation: grpc.handleUnaryCall<_switchboard_chat_v1_GetConversationRequest__Output, _switchboard_chat_v1_Conversation>;
  
  GetEvent: grpc.handleUnaryCall<_switchboard_chat_v1_GetEventRequest__Output, _switchboard_chat_v1_Event>;
  
  GetMessage: grpc.handleUnaryCall<_switchboard_chat_v1_GetMessageRequest__Output, _switchboard_chat_v1_Message>;
  
  GetOrCreateConversation: grpc.handleUnaryCall<_switchboard_chat_v1_GetOrCreateConversationRequest__Output, _switchboard_chat_v1_GetOrCreateConversationResponse>;
  
  GetOrCreateUser: grpc.handleUnaryCall<_switchboard_chat_v1_GetOrCreateUserRequest__Output, _switchboard_chat_v1_GetOrCreateUserResponse>;
  
  GetState: grpc.handleUnaryCall<_switchboard_chat_v1_GetStateRequest__Output, _switchboard_chat_v1_State>;
  
  GetUser: grpc.handleUnaryCall<_switchboard_chat_v1_GetUserRequest__Output, _switchboard_chat_v1_User>;
  
  ListConversations: grpc.handleUnaryCall<_switchboard_chat_v1_ListConversationsRequest__Output, _switchboard_chat_v1_ListConversationsResponse>;
  
  ListMessages: grpc.handleUnaryCall<_switchboard_chat_v1_ListMessagesRequest__Output, _switchboard_chat_v1_ListMessagesResponse>;
  
  ListParticipants: grpc.handleUnaryCall<_switchboard_chat_v1_ListParticipantsRequest__Output, _switchboard_chat_v1_ListUsersResponse>;
  
  ListUsers: grpc.handleUnaryCall<_switchboard_chat_v1_ListUsersRequest__Output, _switchboard_chat_v1_ListUsersResponse>;
  
  SetState: grpc.handleUnaryCall<_switchboard_chat_v1_SetStateRequest__Output, _switchboard_chat_v1_State>;
  
}

export interface ChatServiceDefinition extends grpc.ServiceDefinition {
  AddParticipant: MethodDefinition<_switchboard_chat_v1_AddParticipantRequest, _switchboard_chat_v1_User, _switchboard_chat_v1_AddParticipantRequest__Output, _switchboard_chat_v1_User__Output>
  CallAction: MethodDefinition<_switchboard_chat_v1_CallActionRequest, _switchboard_chat_v1_CallActionResponse, _switchboard_chat_v1_CallActionRequest__Output, _switchboard_chat_v1_CallActionResponse__Output>
  CreateEvent: MethodDefinition<_switchboard_chat_v1_CreateEventRequest, _switchboard_chat_v1_Event, _switchboard_chat_v1_CreateEventRequest__Output, _switchboard_chat_v1_Event__Output>
  CreateMessage: MethodDefinition<_switchboard_chat_v1_CreateMessageRequest, _switchboard_chat_v1_Message, _switchboard_chat_v1_CreateMessageRequest__Output, _switchboard_chat_v1_Message__Output>
  GetConversation: MethodDefinition<_switchboard_chat_v1_GetConversationRequest, _switchboard_chat_v1_Conversation, _switchboard_chat_v1_GetConversationRequest__Output, _switchboard_chat_v1_Conversation__Output>
  GetEvent: MethodDefinition<_switchboard_chat_v1_GetEventRequest, _switchboard_chat_v1_Event, _switchboard_chat_v1_GetEventRequest__Output, _switchboard_chat_v1_Event__Output>
  GetMessage: MethodDefinition<_switchboard_chat_v1_GetMessageRequest, _switchboard_chat_v1_Message, _switchboard_chat_v1_GetMessageRequest__Output, _switchboard_chat_v1_Message__Output>
  GetOrCreateConversation: MethodDefinition<_switchboard_chat_v1_GetOrCreateConversationRequest, _switchboard_chat_v1_GetOrCreateConversationResponse, _switchboard_chat_v1_GetOrCreateConversationRequest__Output, _switchboard_chat_v1_GetOrCreateConversationResponse__Output>
  GetOrCreateUser: MethodDefinition<_switchboard_chat_v1_GetOrCreateUserRequest, _switchboard_chat_v1_GetOrCreateUserResponse, _switchboard_chat_v1_GetOrCreateUserRequest__Output, _switchboard_chat_v1_GetOrCreateUserResponse__Output>
  GetState: MethodDefinition<_switchboard_chat_v1_GetStateRequest, _switchboard_chat_v1_State, _switchboard_chat_v1_GetStateRequest__Output, _switchboard_chat_v1_State__Output>
  GetUser: MethodDefinition<_switchboard_chat_v1_GetUserRequest, _switchboard_chat_v1_User, _switchboard_chat_v1_GetUserRequest__Output, _switchboard_chat_v1_User__Output>
  ListConversations: MethodDefinition<_switchboard_chat_v1_ListConversationsRequest, _switchboard_chat_v1_ListConversationsResponse, _switchboard_chat_v1_ListConversationsRequest__Output, _switchboard_chat_v1_ListConversationsResponse__Output>
  ListMessages: MethodDefinition<_switchboard_chat_v1_ListMessagesRequest, _switchboard_chat_v1_ListMessagesResponse, _switchboard_chat_v1_ListMessagesRequest__Output, _switchboard_chat_v1_ListMessagesResponse__Output>
  ListParticipants: MethodDefinition<_switchboard_chat_v1_ListParticipantsRequest, _switchboard_chat_v1_ListUsersResponse, _switchboard_chat_v1_ListParticipantsRequest__Output, _switchboard_chat_v1_ListUsersResponse__Output>
  ListUsers: MethodDefinition<_switchboard_chat_v1_ListUsersRequest, _switchboard_chat_v1_ListUsersResponse, _switchboard_chat_v1_ListUsersRequest__Output, _switchboard_chat_v1_ListUsersResponse__Output>
  SetState: MethodDefinition<_switchboard_chat_v1_SetStateRequest, _switchboard_chat_v1_State, _switchboard_chat_v1_SetStateRequest__Output, _switchboard_chat_v1_State__Output>
}
