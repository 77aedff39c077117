import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ChatDeps } from '../../chat/deps.js'
import * as workflows from '../../chat/workflows.js'
import { fields as f } from './fields.js'
import { routeKit } from './kit.js'

const create = z.object({
  name: z.string().min(1).max(200),
  status: z.enum(workflows.WORKFLOW_CREATE_STATUSES),
  input: f.jsonObject.optional(),
  parentWorkflowId: f.id.optional(),
  conversationId: f.id.optional(),
  userId: f.id.optional(),
  timeoutAt: f.dateTime.optional(),
  tags: f.tags.optional(),
  eventId: f.id.optional(),
})

const schemas = {
  create,
  getOrCreate: create.extend({
    discriminateByTags: f.discriminateByTags.optional(),
    discriminateByStatusGroup: z.enum(['active', 'finished']).optional(),
  }),
  update: z.object({
    output: f.jsonObject.optional(),
    timeoutAt: f.dateTime.optional(),
    status: z.enum(workflows.WORKFLOW_UPDATE_STATUSES).optional(),
    failureReason: z.string().max(2000).optional(),
    tags: f.tagsUpdate.optional(),
    userId: f.id.optional(),
    eventId: f.id.optional(),
  }),
  list: z.object({
    nextToken: f.nextToken,
    tags: f.tagFilter.optional(),
    conversationId: z.string().optional(),
    userId: z.string().optional(),
    parentWorkflowId: z.string().optional(),
    statuses: f.repeated(z.enum(workflows.WORKFLOW_STATUSES)),
    name: z.string().optional(),
  }),
}

/** The workflow operations: create, get-or-create, get, update, delete, list. */
export function registerWorkflowRoutes(app: FastifyInstance, deps: ChatDeps): void {
  const { route, body, query, idOf } = routeKit(app)
  route(
    'POST',
    '/workflows',
    async (req, c) => ({ workflow: await workflows.createWorkflow(deps, c, body(schemas.create, req)) }),
    201,
  )
  route('POST', '/workflows/get-or-create', async (req, c) => {
    const r = await workflows.getOrCreateWorkflow(deps, c, body(schemas.getOrCreate, req))
    return { workflow: r.workflow, meta: { created: r.created } }
  })
  route('GET', '/workflows/:id', async (req, c) => ({
    workflow: await workflows.getWorkflow(deps, c, idOf(req)),
  }))
  route('PUT', '/workflows/:id', async (req, c) => ({
    workflow: await workflows.updateWorkflow(deps, c, idOf(req), body(schemas.update, req)),
  }))
  route('DELETE', '/workflows/:id', async (req, c) => {
    await workflows.deleteWorkflow(deps, c, idOf(req))
    return {}
  })
  route('GET', '/workflows', async (req, c) => {
    const r = await workflows.listWorkflows(deps, c, query(schemas.list, req))
    return { workflows: r.workflows, meta: { nextToken: r.nextToken } }
  })
}
