import { withTransaction, type Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { loadConversation, loadUser } from './access.js'
import type { ChatDeps } from './deps.js'
import { decodeToken, keyset, page, pageSize } from './pagination.js'
import { mergeTags, toStoredTags, toVisibleTags, withoutRemovals } from './tags.js'

/** Every status a task can have (the spec's `Task.status`). */
export const TASK_STATUSES = [
  'pending',
  'in_progress',
  'failed',
  'completed',
  'blocked',
  'paused',
  'timeout',
  'cancelled',
] as const
/** One of `TASK_STATUSES`. */
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** How long a task lives when it is created without `timeoutAt`. */
export const DEFAULT_TASK_TIMEOUT_MS = 24 * 60 * 60 * 1000

/** A task as the Runtime API returns it. */
export interface TaskView {
  id: string
  title: string
  description: string
  type: string
  data: Record<string, unknown>
  status: TaskStatus
  parentTaskId?: string
  conversationId?: string
  userId?: string
  timeoutAt: string
  createdAt: string
  updatedAt: string
  failureReason?: string
  tags: Record<string, string>
}

interface TaskRow {
  id: string
  bot_id: string
  type: string
  title: string
  description: string
  status: TaskStatus
  data: Record<string, unknown>
  parent_task_id: string | null
  conversation_id: string
  user_id: string | null
  tags: Record<string, string>
  failure_reason: string | null
  timeout_at: Date
  created_at: Date
  updated_at: Date
}

function taskView(caller: Caller, r: TaskRow): TaskView {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    type: r.type,
    data: r.data,
    status: r.status,
    ...(r.parent_task_id && { parentTaskId: r.parent_task_id }),
    conversationId: r.conversation_id,
    ...(r.user_id && { userId: r.user_id }),
    timeoutAt: r.timeout_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ...(r.failure_reason !== null && { failureReason: r.failure_reason }),
    tags: toVisibleTags(caller, r.tags),
  }
}

/**
 * Loads a task the caller may see: its bot's, in a conversation the caller may see (an integration
 * sees the tasks of its own installation's conversations).
 */
export async function loadTask(
  db: Queryable,
  caller: Caller,
  id: string,
  forUpdate = false,
): Promise<TaskRow> {
  const { rows } = await db.query<TaskRow>(
    `SELECT * FROM tasks WHERE id = $1 AND bot_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [id, caller.botId],
  )
  const row = rows[0]
  if (!row) throw new NotFoundError(`Task ${id}`)
  await loadConversation(db, caller, row.conversation_id).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError(`Task ${id}`) : err
  })
  return row
}

/** Fields a task is created with. */
export interface TaskInput {
  type: string
  conversationId: string
  data?: Record<string, unknown>
  parentTaskId?: string
  userId?: string
  timeoutAt?: string
  tags?: Record<string, string>
}

/** Creates a task in a conversation the caller may see. */
export async function createTask(deps: ChatDeps, caller: Caller, input: TaskInput): Promise<TaskView> {
  const tags = withoutRemovals(toStoredTags(caller, input.tags))
  return withTransaction(deps.pool, async (tx) => {
    await loadConversation(tx, caller, input.conversationId)
    if (input.userId) await loadUser(tx, caller, input.userId)
    if (input.parentTaskId) {
      await loadTask(tx, caller, input.parentTaskId).catch((err: unknown) => {
        throw err instanceof NotFoundError
          ? new InvalidInputError(`parentTaskId: task ${input.parentTaskId} not found`)
          : err
      })
    }
    const timeoutAt = input.timeoutAt
      ? new Date(input.timeoutAt)
      : new Date(Date.now() + DEFAULT_TASK_TIMEOUT_MS)
    const { rows } = await tx.query<TaskRow>(
      `INSERT INTO tasks (id, bot_id, type, status, data, parent_task_id, conversation_id, user_id, tags, timeout_at)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        newId('task'),
        caller.botId,
        input.type,
        input.data ?? {},
        input.parentTaskId ?? null,
        input.conversationId,
        input.userId ?? null,
        tags,
        timeoutAt,
      ],
    )
    return taskView(caller, rows[0]!)
  })
}

/** Reads one task. */
export async function getTask(deps: ChatDeps, caller: Caller, id: string): Promise<TaskView> {
  return taskView(caller, await loadTask(deps.pool, caller, id))
}

/** Fields `updateTask` changes. */
export interface TaskUpdate {
  data?: Record<string, unknown>
  timeoutAt?: string
  status?: TaskStatus
  tags?: Record<string, string | null>
}

/** Updates a task's data (replace), timeout, status and tags (merge). */
export async function updateTask(
  deps: ChatDeps,
  caller: Caller,
  id: string,
  input: TaskUpdate,
): Promise<TaskView> {
  const update = toStoredTags(caller, input.tags)
  return withTransaction(deps.pool, async (tx) => {
    const cur = await loadTask(tx, caller, id, true)
    const { rows } = await tx.query<TaskRow>(
      `UPDATE tasks SET data = $2, timeout_at = $3, status = $4, tags = $5, updated_at = now_ms()
       WHERE id = $1 RETURNING *`,
      [
        id,
        input.data ?? cur.data,
        input.timeoutAt ? new Date(input.timeoutAt) : cur.timeout_at,
        input.status ?? cur.status,
        mergeTags(cur.tags, update),
      ],
    )
    return taskView(caller, rows[0]!)
  })
}

/** Deletes a task. */
export async function deleteTask(deps: ChatDeps, caller: Caller, id: string): Promise<void> {
  await loadTask(deps.pool, caller, id)
  await deps.pool.query(`DELETE FROM tasks WHERE id = $1`, [id])
}

/** Filters of `listTasks`. */
export interface ListTasksInput {
  tags?: Record<string, string>
  conversationId?: string
  userId?: string
  parentTaskId?: string
  status?: TaskStatus[]
  type?: string
  nextToken?: string
}

/** Lists the tasks the caller may see, newest first, by tags, conversation, user, parent, status, type. */
export async function listTasks(
  deps: ChatDeps,
  caller: Caller,
  input: ListTasksInput,
): Promise<{ tasks: TaskView[]; nextToken?: string }> {
  if (input.conversationId) await loadConversation(deps.pool, caller, input.conversationId)
  const params: unknown[] = [caller.botId, withoutRemovals(toStoredTags(caller, input.tags))]
  let where = 't.bot_id = $1 AND t.tags @> $2'
  if (caller.kind === 'integration') {
    params.push(caller.installation.id)
    where += ` AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = t.conversation_id AND c.installation_id = $${params.length})`
  }
  const filters: Array<[string, string | undefined]> = [
    ['conversation_id', input.conversationId],
    ['user_id', input.userId],
    ['parent_task_id', input.parentTaskId],
    ['type', input.type],
  ]
  for (const [col, v] of filters) {
    if (v === undefined) continue
    params.push(v)
    where += ` AND t.${col} = $${params.length}`
  }
  if (input.status?.length) {
    params.push(input.status)
    where += ` AND t.status = ANY($${params.length})`
  }
  const size = pageSize(undefined)
  const ks = keyset('t', 'created_at', 'desc', decodeToken(input.nextToken), params)
  params.push(size + 1)
  const { rows } = await deps.pool.query<TaskRow>(
    `SELECT t.* FROM tasks t WHERE ${where} AND ${ks.where} ORDER BY ${ks.orderBy} LIMIT $${params.length}`,
    params,
  )
  const p = page(rows, size, (r) => r.created_at)
  return { tasks: p.items.map((r) => taskView(caller, r)), nextToken: p.nextToken }
}
