import type { Queryable } from '@switchboard/db'
import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Caller } from '../../auth/caller.js'
import { resolveCaller } from '../../auth/resolve-caller.js'

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
  route(method: Method, url: string, handler: Handler, status?: number): unknown
  body<S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S>
  query<S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S>
  params<S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S>
  idOf(req: FastifyRequest): string
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * Authenticates a Runtime API request from its headers (ARCHITECTURE.md §5: bearer token, `x-bot-id`,
 * and for an integration `x-integration-id`/`x-integration-alias`).
 */
export async function authenticate(db: Queryable, req: FastifyRequest): Promise<Caller> {
  const auth = header(req, 'authorization')
  return resolveCaller(db, {
    token: auth && /^Bearer\s+(.+)$/i.exec(auth)?.[1],
    botId: header(req, 'x-bot-id'),
    integrationId: header(req, 'x-integration-id'),
    integrationAlias: header(req, 'x-integration-alias'),
  })
}
