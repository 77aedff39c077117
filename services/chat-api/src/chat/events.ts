import { withTransaction } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { dueTime, type ScheduleInput } from '../schedule/when.js'
import { eventScope, loadConversation, loadMessage, loadUser } from './access.js'
import { announceEvent } from './announce.js'
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
  /** Deliver at this time instead of now (the event stays `scheduled` until then). */
  schedule?: ScheduleInput
  /** The workflow the event belongs to (listEvents?workflowId=). */
  workflowId?: string
}

/**
 * Creates an event and delivers it to the bot: an integration's event (its type stored as
 * `<alias>:<type>`, how the bot sees it) or the bot's own. With `schedule`, the event is stored as
 * `scheduled` and the scheduler delivers it at its time (docs/adr/0008-scheduling.md).
 */
export async function createEvent(deps: ChatDeps, caller: Caller, input: EventInput): Promise<EventView> {
  // `alias:type` for integration events, `alias#type` for a plugin's (as @botpress/sdk names them).
  if (!/^[A-Za-z0-9_:.#-]{1,200}$/.test(input.type))
    throw new InvalidInputError(`type: invalid event type ${JSON.stringify(input.type)}`)
  const due = input.schedule ? dueTime(input.schedule) : null
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    if (input.conversationId) await loadConversation(tx, caller, input.conversationId)
    if (input.userId) await loadUser(tx, caller, input.userId)
    if (input.messageId) await loadMessage(tx, caller, input.messageId)
    const type = caller.kind === 'integration' ? `${caller.installation.alias}:${input.type}` : input.type
    const { rows } = await tx.query<EventRow>(
      `INSERT INTO events (id, bot_id, installation_id, type, payload, conversation_id, user_id, message_id,
         status, scheduled_for)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        newId('evt'),
        caller.botId,
        caller.kind === 'integration' ? caller.installation.id : null,
        type,
        input.payload,
        input.conversationId ?? null,
        input.userId ?? null,
        input.messageId ?? null,
        due ? 'scheduled' : 'pending',
        due,
      ],
    )
    const row = rows[0]!
    if (input.workflowId) await linkEventToWorkflow(tx, caller, row.id, input.workflowId)
    if (due) afterCommit(() => deps.onScheduled?.(due))
    else {
      await announceEvent(tx, deps, row)
      afterCommit(deps.onOutbox)
    }
    return eventView(caller, row)
  })
}

/**
 * Cancels a scheduled event for good (`cancelScheduledEvent`): it will never be delivered. 404 when
 * the caller has no such event; 400 when it is not (or no longer) scheduled.
 */
export async function cancelScheduledEvent(deps: ChatDeps, caller: Caller, id: string): Promise<void> {
  const params: unknown[] = [id, caller.botId]
  let scope = 'id = $1 AND bot_id = $2'
  if (caller.kind === 'integration') {
    params.push(caller.installation.id)
    scope += ` AND installation_id = $${params.length}`
  }
  // The scheduler holds a due row's lock until it has announced it; this update waits for that, then
  // finds the event 'pending' and refuses: an event is either cancelled or delivered, never both.
  const { rowCount } = await deps.pool.query(
    `UPDATE events SET status = 'canceled', scheduled_for = NULL WHERE ${scope} AND status = 'scheduled'`,
    params,
  )
  if (rowCount) return
  const { rows } = await deps.pool.query<{ status: string }>(
    `SELECT status FROM events WHERE ${scope}`,
    params,
  )
  if (!rows[0]) throw new NotFoundError(`Event ${id}`)
  throw new InvalidInputError(`id: event ${id} is not scheduled (its status is ${rows[0].status})`)
}

/** Reads one event the caller may see; another installation's event is a 404. */
export async function getEvent(deps: ChatDeps, caller: Caller, id: string): Promise<EventView> {
  const params: unknown[] = [id]
  const scope = eventScope(caller, params)
  const { rows } = await deps.pool.query<EventRow>(
    `SELECT e.* FROM events e WHERE e.id = $1 AND ${scope}`,
    params,
  )
  if (!rows[0]) throw new NotFoundError(`Event ${id}`)
  return eventView(caller, rows[0])
}

/**
 * Lists the events the caller may see, newest first, filtered by type, conversation, user, message or
 * status. A conversation the caller may not see is a 404, as for messages.
 */
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
  if (input.conversationId) await loadConversation(deps.pool, caller, input.conversationId)
  const params: unknown[] = []
  let where = eventScope(caller, params)
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
