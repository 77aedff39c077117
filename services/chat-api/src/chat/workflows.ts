import { withTransaction, type Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { loadConversation, loadUser } from './access.js'
import { findOrCreate, tagsKey, type ChatDeps } from './deps.js'
import { filtersWhere, newestFirst } from './pagination.js'
import { announceWorkflowUpdate } from './workflow-updates.js'
import { discriminatingTags, mergeTags, toStoredTags, toVisibleTags, withoutRemovals } from './tags.js'

/** Every status a workflow can have (the spec's `Workflow.status`). */
export const WORKFLOW_STATUSES = [
  'pending',
  'in_progress',
  'failed',
  'completed',
  'listening',
  'paused',
  'timedout',
  'cancelled',
] as const
/** One of `WORKFLOW_STATUSES`. */
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number]
/** Statuses a workflow can be created with. */
export const WORKFLOW_CREATE_STATUSES = ['pending', 'in_progress', 'listening'] as const
/** Statuses `updateWorkflow` may set. */
export const WORKFLOW_UPDATE_STATUSES = [
  'completed',
  'cancelled',
  'listening',
  'paused',
  'failed',
  'in_progress',
] as const

const FINISHED: WorkflowStatus[] = ['failed', 'completed', 'timedout', 'cancelled']
const ACTIVE: WorkflowStatus[] = WORKFLOW_STATUSES.filter((st) => !FINISHED.includes(st))

/** How long a workflow lives when it is created without `timeoutAt`. */
export const DEFAULT_WORKFLOW_TIMEOUT_MS = 24 * 60 * 60 * 1000

/** A workflow as the Runtime API returns it. */
export interface WorkflowView {
  id: string
  name: string
  status: WorkflowStatus
  input: Record<string, unknown>
  output: Record<string, unknown>
  parentWorkflowId?: string
  conversationId?: string
  userId?: string
  createdAt: string
  updatedAt: string
  completedAt?: string
  failureReason?: string
  timeoutAt: string
  tags: Record<string, string>
}

/** A workflow row as selected from Postgres. */
export interface WorkflowRow {
  id: string
  bot_id: string
  name: string
  status: WorkflowStatus
  input: Record<string, unknown>
  output: Record<string, unknown>
  parent_workflow_id: string | null
  conversation_id: string | null
  user_id: string | null
  tags: Record<string, string>
  failure_reason: string | null
  timeout_at: Date
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

/** Maps a workflow row to the caller's view. */
export function workflowView(caller: Caller, r: WorkflowRow): WorkflowView {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    input: r.input,
    output: r.output,
    ...(r.parent_workflow_id && { parentWorkflowId: r.parent_workflow_id }),
    ...(r.conversation_id && { conversationId: r.conversation_id }),
    ...(r.user_id && { userId: r.user_id }),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ...(r.completed_at && { completedAt: r.completed_at.toISOString() }),
    ...(r.failure_reason !== null && { failureReason: r.failure_reason }),
    timeoutAt: r.timeout_at.toISOString(),
    tags: toVisibleTags(caller, r.tags),
  }
}

/** Fields a workflow is created with. */
export interface WorkflowInput {
  name: string
  status: (typeof WORKFLOW_CREATE_STATUSES)[number]
  input?: Record<string, unknown>
  parentWorkflowId?: string
  conversationId?: string
  userId?: string
  timeoutAt?: string
  tags?: Record<string, string>
  /** The event that started the workflow: it is linked to the workflow (listEvents?workflowId=). */
  eventId?: string
}

/** Loads a workflow of the caller's bot (404 when there is none), optionally locking it. */
export async function loadWorkflow(
  db: Queryable,
  caller: Caller,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<WorkflowRow> {
  const { rows } = await db.query<WorkflowRow>(
    `SELECT * FROM workflows WHERE id = $1 AND bot_id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, caller.botId],
  )
  if (!rows[0]) throw new NotFoundError(`Workflow ${id}`)
  return rows[0]
}

/**
 * Records that an event belongs to a workflow (createEvent.workflowId): a workflow the caller's bot
 * does not have is a 400 naming `workflowId`.
 */
export async function linkEventToWorkflow(
  tx: Queryable,
  caller: Caller,
  eventId: string,
  workflowId: string,
): Promise<void> {
  await loadWorkflow(tx, caller, workflowId).catch((err: unknown) => {
    throw err instanceof NotFoundError
      ? new InvalidInputError(`workflowId: workflow ${workflowId} not found`)
      : err
  })
  await tx.query(`UPDATE events SET workflow_id = $2 WHERE id = $1`, [eventId, workflowId])
}

/** Links an event of the bot to a workflow; an unknown event is a 400 naming `eventId`. */
async function linkEvent(db: Queryable, caller: Caller, eventId: string, workflowId: string): Promise<void> {
  const { rowCount } = await db.query(`UPDATE events SET workflow_id = $3 WHERE id = $1 AND bot_id = $2`, [
    eventId,
    caller.botId,
    workflowId,
  ])
  if (!rowCount) throw new InvalidInputError(`eventId: event ${eventId} not found`)
}

/** Checks the references a workflow names exist for this caller (400 naming the field, or 404). */
async function checkReferences(
  db: Queryable,
  caller: Caller,
  input: { parentWorkflowId?: string; conversationId?: string; userId?: string },
): Promise<void> {
  if (input.conversationId) await loadConversation(db, caller, input.conversationId)
  if (input.userId) await loadUser(db, caller, input.userId)
  if (input.parentWorkflowId) {
    await loadWorkflow(db, caller, input.parentWorkflowId).catch((err: unknown) => {
      throw err instanceof NotFoundError
        ? new InvalidInputError(`parentWorkflowId: workflow ${input.parentWorkflowId} not found`)
        : err
    })
  }
}

async function insertWorkflow(
  tx: Queryable,
  caller: Caller,
  input: WorkflowInput,
  deps: ChatDeps,
  afterCommit: (cb: () => void) => void,
): Promise<WorkflowRow> {
  const timeoutAt = input.timeoutAt
    ? new Date(input.timeoutAt)
    : new Date(Date.now() + DEFAULT_WORKFLOW_TIMEOUT_MS)
  const { rows } = await tx.query<WorkflowRow>(
    `INSERT INTO workflows (id, bot_id, name, status, input, parent_workflow_id, conversation_id, user_id, tags, timeout_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      newId('wfl'),
      caller.botId,
      input.name,
      input.status,
      input.input ?? {},
      input.parentWorkflowId ?? null,
      input.conversationId ?? null,
      input.userId ?? null,
      withoutRemovals(toStoredTags(caller, input.tags)),
      timeoutAt,
    ],
  )
  const row = rows[0]!
  if (input.eventId) await linkEvent(tx, caller, input.eventId, row.id)
  // A pending workflow is started by the bot's workflowStart handler (workflow_update, workflow_started).
  if (row.status === 'pending') {
    const view = workflowView({ kind: 'bot', botId: row.bot_id }, row)
    await announceWorkflowUpdate(tx, deps, { ...row, view }, 'workflow_started')
    afterCommit(deps.onOutbox)
  }
  afterCommit(() => deps.onScheduled?.(row.timeout_at))
  return row
}

/** Creates a workflow of the caller's bot. */
export async function createWorkflow(
  deps: ChatDeps,
  caller: Caller,
  input: WorkflowInput,
): Promise<WorkflowView> {
  toStoredTags(caller, input.tags)
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    await checkReferences(tx, caller, input)
    return workflowView(caller, await insertWorkflow(tx, caller, input, deps, afterCommit))
  })
}

/**
 * Returns the workflow with this name (and the discriminating tags, and in the status group when
 * given), creating it when there is none. Atomic under concurrency, like the other get-or-creates.
 */
export async function getOrCreateWorkflow(
  deps: ChatDeps,
  caller: Caller,
  input: WorkflowInput & { discriminateByTags?: string[]; discriminateByStatusGroup?: 'active' | 'finished' },
): Promise<{ workflow: WorkflowView; created: boolean }> {
  const stored = withoutRemovals(toStoredTags(caller, input.tags))
  const match = discriminatingTags(caller, stored, input.discriminateByTags)
  const group = input.discriminateByStatusGroup
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    await checkReferences(tx, caller, input)
    const statuses = group === 'active' ? ACTIVE : group === 'finished' ? FINISHED : WORKFLOW_STATUSES
    const { row, created } = await findOrCreate(
      tx,
      `wfl:${caller.botId}:${input.name}:${group ?? ''}:${tagsKey(match)}`,
      async () =>
        (
          await tx.query<WorkflowRow>(
            `SELECT * FROM workflows WHERE bot_id = $1 AND name = $2 AND tags @> $3 AND status = ANY($4)
             ORDER BY created_at, id LIMIT 1`,
            [caller.botId, input.name, match, statuses],
          )
        ).rows[0],
      () => insertWorkflow(tx, caller, input, deps, afterCommit),
    )
    return { workflow: workflowView(caller, row), created }
  })
}

/** Reads one workflow. */
export async function getWorkflow(deps: ChatDeps, caller: Caller, id: string): Promise<WorkflowView> {
  return workflowView(caller, await loadWorkflow(deps.pool, caller, id))
}

/** Fields `updateWorkflow` changes. */
export interface WorkflowUpdate {
  output?: Record<string, unknown>
  timeoutAt?: string
  status?: (typeof WORKFLOW_UPDATE_STATUSES)[number]
  failureReason?: string
  tags?: Record<string, string | null>
  userId?: string
  eventId?: string
}

/** Updates a workflow; a finishing status (completed, failed, cancelled) sets `completedAt`. */
export async function updateWorkflow(
  deps: ChatDeps,
  caller: Caller,
  id: string,
  input: WorkflowUpdate,
): Promise<WorkflowView> {
  const update = toStoredTags(caller, input.tags)
  return withTransaction(deps.pool, async (tx) => {
    const cur = await loadWorkflow(tx, caller, id, { forUpdate: true })
    if (input.userId) await loadUser(tx, caller, input.userId)
    const status = input.status ?? cur.status
    const finishing = FINISHED.includes(status) && !FINISHED.includes(cur.status)
    const { rows } = await tx.query<WorkflowRow>(
      `UPDATE workflows SET output = $2, timeout_at = $3, status = $4, failure_reason = $5, tags = $6,
         user_id = $7, completed_at = CASE WHEN $8::boolean THEN now_ms() ELSE completed_at END,
         updated_at = now_ms()
       WHERE id = $1 RETURNING *`,
      [
        id,
        input.output ?? cur.output,
        input.timeoutAt ? new Date(input.timeoutAt) : cur.timeout_at,
        status,
        input.failureReason ?? cur.failure_reason,
        mergeTags(cur.tags, update),
        input.userId ?? cur.user_id,
        finishing,
      ],
    )
    if (input.eventId) await linkEvent(tx, caller, input.eventId, id)
    return workflowView(caller, rows[0]!)
  })
}

/** Deletes a workflow (its child workflows lose their parent). */
export async function deleteWorkflow(deps: ChatDeps, caller: Caller, id: string): Promise<void> {
  await loadWorkflow(deps.pool, caller, id)
  await deps.pool.query(`DELETE FROM workflows WHERE id = $1`, [id])
}

/** Filters of `listWorkflows`. */
export interface ListWorkflowsInput {
  tags?: Record<string, string>
  conversationId?: string
  userId?: string
  parentWorkflowId?: string
  statuses?: WorkflowStatus[]
  name?: string
  nextToken?: string
}

/** Lists the bot's workflows, newest first, by tags, conversation, user, parent, statuses and name. */
export async function listWorkflows(
  deps: ChatDeps,
  caller: Caller,
  input: ListWorkflowsInput,
): Promise<{ workflows: WorkflowView[]; nextToken?: string }> {
  const params: unknown[] = [caller.botId, withoutRemovals(toStoredTags(caller, input.tags))]
  const filters = filtersWhere(
    'w',
    [
      ['conversation_id', input.conversationId],
      ['user_id', input.userId],
      ['parent_workflow_id', input.parentWorkflowId],
      ['name', input.name],
      ['status', input.statuses],
    ],
    params,
  )
  const where = `w.bot_id = $1 AND w.tags @> $2 AND ${filters}`
  const p = await newestFirst<WorkflowRow>(
    deps.pool,
    { table: 'workflows', alias: 'w' },
    where,
    params,
    input.nextToken,
  )
  return { workflows: p.items.map((r) => workflowView(caller, r)), nextToken: p.nextToken }
}
