import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Caller } from '../../auth/caller.js'
import { parseWith, schemas as s } from '../schemas.js'

/** A route's work: the request and its authenticated caller in, the JSON body out. */
export type Handler = (req: FastifyRequest, caller: Caller) => Promise<unknown>

/** HTTP methods of the Runtime API. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * The helpers every Runtime API route module uses (registered inside the `/v1/chat` scope, after the
 * caller is authenticated): `route` answers the handler's result with `status`; `body`, `query` and
 * `params` parse with zod and throw a 400 naming the field.
 */
export function routeKit(app: FastifyInstance) {
  const route = (method: Method, url: string, handler: Handler, status = 200) =>
    app.route({
      method,
      url,
      handler: async (req: FastifyRequest, reply: FastifyReply) =>
        reply.code(status).send(await handler(req, req.caller)),
    })
  const body = <S extends z.ZodType>(schema: S, req: FastifyRequest) => parseWith(schema, req.body, 'body')
  const query = <S extends z.ZodType>(schema: S, req: FastifyRequest) => parseWith(schema, req.query, 'query')
  const params = <S extends z.ZodType>(schema: S, req: FastifyRequest) =>
    parseWith(schema, req.params, 'path')
  const idOf = (req: FastifyRequest) => params(s.idParam, req).id
  return { route, body, query, params, idOf }
}
