import { withTransaction } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import { orderHeaders, type EventCreatedNotice } from '@switchboard/nats'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { enqueue } from '../outbox/outbox.js'
import { loadConversation, loadUser } from './access.js'
import type { ChatDeps } from './deps.js'
import { linkEventToWorkflow } from './workflows.js'
import { decodeToken, keyset, page, pageSize } from './pagination.js'
import { eventView, type EventRow, type EventView } from './views.js'

/** Fields an event is created with. */
export interface EventInput {
  type: string
  payload: Record<string, unknown>
  conversationId?: string
  userId?: string
  messageId?: string
  /** The workflow the event belongs to (listEvents?workflowId=). */
  workflowId?: string
}

/**
 * Creates an event. An integration's event types are stored as `<alias>:<type>` (how the bot sees
 * them) and announced to the bot on SB_BOT after commit.
 */
export async function createEvent(deps: ChatDeps, caller: Caller, input: EventInput): Promise<EventView> {
  // `alias:type` for integration events, `alias#type` for a plugin's (as @botpress/sdk names them).
  if (!/^[A-Za-z0-9_:.#-]{1,200}$/.test(input.type))
    throw new InvalidInputError(`type: invalid event type ${JSON.stringify(input.type)}`)
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    if (input.conversationId) await loadConversation(tx, caller, input.conversationId)
    if (input.userId) await loadUser(tx, caller, input.userId)
    const type = caller.kind === 'integration' ? `${caller.installation.alias}:${input.type}` : input.type
    const { rows } = await tx.query<EventRow>(
      `INSERT INTO events (id, bot_id, installation_id, type, payload, conversation_id, user_id, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        newId('evt'),
        caller.botId,
        caller.kind === 'integration' ? caller.installation.id : null,
        type,
        input.payload,
        input.conversationId ?? null,
        input.userId ?? null,
        input.messageId ?? null,
      ],
    )
    const row = rows[0]!
    if (input.workflowId) await linkEventToWorkflow(tx, caller, row.id, input.workflowId)
    if (caller.kind === 'integration') {
      const seq = input.conversationId
        ? (
            await tx.query<{ seq: number }>(
              `UPDATE conversations SET bot_seq = bot_seq + 1 WHERE id = $1 RETURNING bot_seq AS seq`,
              [input.conversationId],
            )
          ).rows[0]?.seq
        : undefined
      const notice: EventCreatedNotice = {
        seq,
        kind: 'event_created',
        botId: caller.botId,
        installationId: caller.installation.id,
        event: { ...eventView({ kind: 'bot', botId: caller.botId }, row) },
      }
      const order = input.conversationId && seq ? orderHeaders(input.conversationId, seq) : {}
      await enqueue(tx, deps.names.subjects.bot(caller.botId, input.conversationId ?? 'none'), notice, order)
      afterCommit(deps.onOutbox)
    }
    return eventView(caller, row)
  })
}

/** Reads one event of the caller's bot. */
export async function getEvent(deps: ChatDeps, caller: Caller, id: string): Promise<EventView> {
  const { rows } = await deps.pool.query<EventRow>(`SELECT * FROM events WHERE id = $1 AND bot_id = $2`, [
    id,
    caller.botId,
  ])
  if (!rows[0]) throw new NotFoundError(`Event ${id}`)
  return eventView(caller, rows[0])
}

/** Lists the bot's events, newest first, filtered by type, conversation, user, message or status. */
export async function listEvents(
  deps: ChatDeps,
  caller: Caller,
  input: {
    type?: string
    conversationId?: string
    userId?: string
    messageId?: string
    workflowId?: string
    status?: string
    nextToken?: string
    pageSize?: number
  },
): Promise<{ events: EventView[]; nextToken?: string }> {
  const params: unknown[] = [caller.botId]
  let where = 'e.bot_id = $1'
  const filters: Array<[string, string | undefined]> = [
    [
      'type',
      input.type && caller.kind === 'integration' ? `${caller.installation.alias}:${input.type}` : input.type,
    ],
    ['conversation_id', input.conversationId],
    ['user_id', input.userId],
    ['message_id', input.messageId],
    ['workflow_id', input.workflowId],
    ['status', input.status],
  ]
  for (const [col, v] of filters) {
    if (!v) continue
    params.push(v)
    where += ` AND e.${col} = $${params.length}`
  }
  const size = pageSize(input.pageSize)
  const ks = keyset('e', 'created_at', 'desc', decodeToken(input.nextToken), params)
  params.push(size + 1)
  const { rows } = await deps.pool.query<EventRow>(
    `SELECT e.* FROM events e WHERE ${where} AND ${ks.where} ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  const p = page(rows, size, (r) => r.created_at)
  return { events: p.items.map((r) => eventView(caller, r)), nextToken: p.nextToken }
}
