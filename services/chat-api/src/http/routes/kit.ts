import type { Pool, Queryable } from '@switchboard/db'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Caller } from '../../auth/caller.js'
import { callerOf } from '../../auth/request-caller.js'
import { answerOnce, checkIdempotencyKey, fingerprintOf } from '../../chat/idempotency.js'
import { parseWith, schemas as s } from '../schemas.js'

/** A route's work: the request and its authenticated caller in, the JSON body out. */
export type Handler = (req: FastifyRequest, caller: Caller) => Promise<unknown>

/** HTTP methods of the Runtime API. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * The helpers `registerRuntimeRoutes` hands each route module (http/routes/<area>.ts), so every
 * Runtime route is declared, answered and parsed one way: `route` answers the handler's result with
 * `status`; `body`, `query` and `params` parse with zod and throw a 400 naming the field.
 */
export interface RouteKit {
  route(method: Method, url: string, handler: Handler, status?: number, opts?: { once?: boolean }): unknown
  body<S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S>
  query<S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S>
  params<S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S>
  idOf(req: FastifyRequest): string
}

/**
 * Authenticates a Runtime API request from its headers (ARCHITECTURE.md §5: bearer token, `x-bot-id`,
 * and for an integration `x-integration-id`/`x-integration-alias`).
 */
export function authenticate(db: Queryable, req: FastifyRequest): Promise<Caller> {
  return callerOf(db, req.headers)
}

/** Authenticates every request of `app`'s scope with `resolve` before its handler runs (`req.caller`). */
export function authenticateCallers(
  app: FastifyInstance,
  resolve: (req: FastifyRequest) => Promise<Caller>,
): void {
  app.addHook('preHandler', async (req) => {
    req.caller = await resolve(req)
  })
}

/**
 * The Runtime API's `Idempotency-Key` request header (the runner sets it on a handler's writes:
 * `IDEMPOTENCY_KEY_HEADER` of services/runner/src/protocol.ts; docs/adr/0006-effects-once.md).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'
/** Response header set when the answer is the recorded answer to an earlier request with the key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed'

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * Builds the route helpers of one scope (Runtime, Files and Tables APIs alike). `route` declares a
 * route: a write (not GET) with an Idempotency-Key runs once per key, a repeat getting the first
 * answer (docs/adr/0006-effects-once.md); `once: false` for writes that leave the database (an
 * action runs in another sandbox: it cannot commit with the key). `keys` is where keys are kept.
 * `writesJoinKeys`: the scope's handlers write only through a `requestTransactionPool` of `keys`,
 * so their writes commit with the key (a request that wrote nothing then records none); otherwise
 * every keyed request records its key.
 */
export function routeKit(
  app: FastifyInstance,
  keys: Pool,
  { writesJoinKeys = false }: { writesJoinKeys?: boolean } = {},
): RouteKit {
  const route: RouteKit['route'] = (method, url, handler, status = 200, opts = {}) =>
    app.route({
      method,
      url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const key = method !== 'GET' && opts.once !== false ? header(req, IDEMPOTENCY_KEY_HEADER) : undefined
        if (key === undefined) return reply.code(status).send(await handler(req, req.caller))
        const input = { params: req.params, query: req.query, body: req.body }
        const answer = await answerOnce(
          keys,
          req.caller,
          {
            key: checkIdempotencyKey(key),
            fingerprint: fingerprintOf(`${method} ${url}`, input),
            writesJoin: writesJoinKeys,
          },
          async () => ({ status, body: await handler(req, req.caller) }),
        )
        if (answer.replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true')
        return reply.code(answer.status).send(answer.body)
      },
    })
  const body = <S extends z.ZodType>(schema: S, req: FastifyRequest) => parseWith(schema, req.body, 'body')
  const query = <S extends z.ZodType>(schema: S, req: FastifyRequest) => parseWith(schema, req.query, 'query')
  const params = <S extends z.ZodType>(schema: S, req: FastifyRequest) =>
    parseWith(schema, req.params, 'path')
  const idOf = (req: FastifyRequest) => params(s.idParam, req).id
  return { route, body, query, params, idOf }
}
