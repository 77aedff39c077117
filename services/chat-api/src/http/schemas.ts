import { z } from 'zod'
import { PG_INTEGER_MAX } from '@switchboard/db'
import { InvalidInputError } from '@switchboard/errors'
import { fields } from './routes/fields.js'

/**
 * Parses `input` with `schema`, or throws a 400 naming each bad field (`body.tags.id: expected string`).
 * No input at all (a request without a body) is parsed as `{}`; a JSON `null` body is input, and is
 * refused like any other body that is not an object.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<S> {
  const r = schema.safeParse(input === undefined ? {} : input)
  if (r.success) return r.data
  const problems = r.error.issues.slice(0, 5).map((i) => {
    const path = [where, ...i.path.map(String)].join('.')
    return `${path}: ${i.message}`
  })
  throw new InvalidInputError(problems.join('; '))
}

const tags = z.record(z.string(), z.string())
const tagsWithRemoval = z.record(z.string(), z.string().nullable())
const jsonObject = fields.jsonObject
const id = z.string().min(1).max(100)
/** `schedule` of createMessage/createEvent: exactly one of `dateTime` (ISO 8601) or `delay` (ms). */
const schedule = z
  .object({ dateTime: fields.dateTime.optional(), delay: z.number().optional() })
  .strict()
  .optional()
const pageQuery = {
  nextToken: z.string().max(1000).optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
}
const sort = {
  sortField: z.enum(['createdAt', 'updatedAt']).optional(),
  sortDirection: z.enum(['asc', 'desc']).optional(),
}
/** `afterDate`/`beforeDate` filters: ISO 8601 date-times. */
const dateRange = {
  afterDate: fields.dateTime.optional(),
  beforeDate: fields.dateTime.optional(),
}
/** A state's expiry in milliseconds: 1 ms to 30 days, as the spec bounds it. */
const expiryMs = z.number().min(1).max(2_592_000_000)
/** A count compared with an `integer` column: 0 to Postgres's largest integer. */
const columnCount = z.coerce.number().int().min(0).max(PG_INTEGER_MAX)
const stringArray = z.preprocess(
  (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
  z.array(z.string()).max(50).optional(),
)

/** Request schemas of the Runtime API, named after the client's operations. */
export const schemas = {
  idParam: z.object({ id }),
  createConversation: z.object({
    channel: z.string().min(1).max(200),
    tags: tags.default({}),
    integrationName: z.string().optional(),
  }),
  getOrCreateConversation: z.object({
    channel: z.string().min(1).max(200),
    tags: tagsWithRemoval.default({}),
    integrationName: z.string().optional(),
    discriminateByTags: z.array(z.string()).max(50).optional(),
  }),
  updateConversation: z.object({ tags: tagsWithRemoval.optional() }),
  listConversations: z.object({
    ...pageQuery,
    ...sort,
    tags: tags.optional(),
    participantIds: stringArray,
    integrationName: z.string().optional(),
    channel: z.string().optional(),
    ...dateRange,
    minMessageCount: columnCount.optional(),
    maxMessageCount: columnCount.optional(),
  }),
  createUser: z.object({
    tags: tags.default({}),
    name: z.string().max(200).optional(),
    pictureUrl: z.string().max(40000).optional(),
    attributes: tags.optional(),
    integrationName: z.string().optional(),
  }),
  getOrCreateUser: z.object({
    tags: tagsWithRemoval.default({}),
    name: z.string().max(200).optional(),
    pictureUrl: z.string().max(40000).optional(),
    attributes: tagsWithRemoval.optional(),
    integrationName: z.string().optional(),
    discriminateByTags: z.array(z.string()).max(50).optional(),
  }),
  updateUser: z.object({
    tags: tagsWithRemoval.optional(),
    name: z.string().max(200).nullable().optional(),
    pictureUrl: z.string().max(40000).nullable().optional(),
    attributes: tagsWithRemoval.optional(),
  }),
  listUsers: z.object({
    ...pageQuery,
    ...sort,
    tags: tags.optional(),
    conversationId: z.string().optional(),
    ...dateRange,
    rangeField: z.enum(['createdAt', 'updatedAt']).optional(),
  }),
  participantParams: z.object({ id, userId: id }),
  addParticipant: z.object({ userId: id }),
  listParticipants: z.object({ ...pageQuery }),
  createMessage: z.object({
    conversationId: id,
    userId: id,
    type: z.string().min(1).max(200),
    payload: jsonObject,
    tags: tags.default({}),
    origin: z.literal('synthetic').optional(),
    schedule,
  }),
  getOrCreateMessage: z.object({
    conversationId: id,
    userId: id,
    type: z.string().min(1).max(200),
    payload: jsonObject.default({}),
    tags: tagsWithRemoval.default({}),
    origin: z.literal('synthetic').optional(),
    discriminateByTags: z.array(z.string()).max(50).optional(),
    schedule,
  }),
  updateMessage: z.object({ tags: tagsWithRemoval.optional(), payload: jsonObject.optional() }),
  listMessages: z.object({
    ...pageQuery,
    conversationId: z.string().optional(),
    tags: tags.optional(),
    ...dateRange,
  }),
  stateParams: z.object({ type: z.string(), id, name: z.string().min(1).max(200) }),
  setState: z.object({ payload: jsonObject.nullable(), expiry: expiryMs.nullable().optional() }),
  getOrSetState: z.object({ payload: jsonObject, expiry: expiryMs.nullable().optional() }),
  setStateExpiry: z.object({ expiry: expiryMs.nullable() }),
  patchState: z.object({ payload: jsonObject, expiry: z.number().nullable().optional() }),
  createEvent: z.object({
    type: z.string().min(1).max(200),
    payload: jsonObject,
    workflowId: z.string().max(100).optional(),
    conversationId: id.optional(),
    userId: id.optional(),
    messageId: id.optional(),
    schedule,
  }),
  listEvents: z.object({
    ...pageQuery,
    type: z.string().optional(),
    conversationId: z.string().optional(),
    userId: z.string().optional(),
    messageId: z.string().optional(),
    workflowId: z.string().optional(),
    status: z.string().optional(),
  }),
  callAction: z.object({ type: z.string().min(1).max(300), input: jsonObject.default({}) }),
  configureIntegration: z.object({ identifier: z.string().max(200).nullable().optional() }).loose(),
}
