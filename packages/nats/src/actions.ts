/**
 * `callAction` travels as a core-NATS request from chat-api to whichever dispatcher of the queue group
 * answers first (subject `sb.actions.<installationId>`); the dispatcher runs the integration's
 * `action_triggered` handler and replies with the handler's HTTP answer.
 */
export interface ActionRequest {
  installationId: string
  /** The action's name (without the alias). */
  action: string
  input: Record<string, unknown>
}

/** The handler's answer: status and body as the SDK produced them (`{"output": …}` on success). */
export interface ActionReply {
  status: number
  body: string
}

/** The queue group dispatchers share, so each action runs once. */
export const ACTION_QUEUE = 'dispatcher-actions'

/**
 * The other synchronous calls that travel the same way (subject `sb.actions.<installationId|botId>`,
 * the same queue group, the same `ActionReply`): an integration's `create_conversation` or
 * `create_user` handler, run when a bot starts a conversation or a user through it (proactive
 * messaging), and a bot's own action (the bot's `action_triggered`).
 */
export type OperationRequest =
  | {
      operation: 'create_conversation' | 'create_user'
      installationId: string
      /** `{channel, tags}` or `{tags}`, tags in the integration's view (unprefixed). */
      body: Record<string, unknown>
    }
  | { operation: 'bot_action'; botId: string; action: string; input: Record<string, unknown> }

/** True when a request on the action subjects is one of the other operations. */
export function isOperationRequest(req: ActionRequest | OperationRequest): req is OperationRequest {
  return 'operation' in req
}
