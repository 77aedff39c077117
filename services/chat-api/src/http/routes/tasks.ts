import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ChatDeps } from '../../chat/deps.js'
import * as tasks from '../../chat/tasks.js'
import { fields as f } from './fields.js'
import { routeKit } from './kit.js'

const schemas = {
  create: z.object({
    type: z.string().min(1).max(200),
    conversationId: f.id,
    data: f.jsonObject.optional(),
    parentTaskId: f.id.optional(),
    userId: f.id.optional(),
    timeoutAt: f.dateTime.optional(),
    tags: f.tags.optional(),
  }),
  update: z.object({
    data: f.jsonObject.optional(),
    timeoutAt: f.dateTime.optional(),
    status: z.enum(tasks.TASK_STATUSES).optional(),
    tags: f.tagsUpdate.optional(),
  }),
  list: z.object({
    nextToken: f.nextToken,
    tags: f.tagFilter.optional(),
    conversationId: z.string().optional(),
    userId: z.string().optional(),
    parentTaskId: z.string().optional(),
    status: f.repeated(z.enum(tasks.TASK_STATUSES)),
    type: z.string().optional(),
  }),
}

/**
 * The task operations (`/v1/chat/tasks`). `@botpress/client` 1.45 has no methods for them; the SDK
 * and integrations reach them over HTTP.
 */
export function registerTaskRoutes(app: FastifyInstance, deps: ChatDeps): void {
  const { route, body, query, idOf } = routeKit(app)
  route(
    'POST',
    '/tasks',
    async (req, c) => ({ task: await tasks.createTask(deps, c, body(schemas.create, req)) }),
    201,
  )
  route('GET', '/tasks/:id', async (req, c) => ({ task: await tasks.getTask(deps, c, idOf(req)) }))
  route('PUT', '/tasks/:id', async (req, c) => ({
    task: await tasks.updateTask(deps, c, idOf(req), body(schemas.update, req)),
  }))
  route('DELETE', '/tasks/:id', async (req, c) => {
    await tasks.deleteTask(deps, c, idOf(req))
    return {}
  })
  route('GET', '/tasks', async (req, c) => {
    const r = await tasks.listTasks(deps, c, query(schemas.list, req))
    return { tasks: r.tasks, meta: { nextToken: r.nextToken } }
  })
}
