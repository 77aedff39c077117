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
