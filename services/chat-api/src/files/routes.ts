import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthorizedError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { callerOf } from '../auth/request-caller.js'
import { parseWith } from '../http/schemas.js'
import { downloadContent, uploadContent } from './content.js'
import type { StorageDeps } from './deps.js'
import * as files from './files.js'
import * as kb from './knowledge-bases.js'
import * as passages from './passages.js'
import { fileSchemas as s } from './schemas.js'
import { fileView, uploadUrl, type FileLinks, type FileRow } from './views.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The base URL a caller reached this API at: PUBLIC_API_URL, else the request's own Host. */
export function baseUrlOf(deps: StorageDeps, req: FastifyRequest): string {
  return (deps.publicApiUrl ?? `${req.protocol}://${req.headers.host ?? req.host}`).replace(/\/+$/, '')
}

/** Registers JSON routes that authenticate like the Runtime API and answer `handler`'s value. */
export function jsonRoutes(
  app: FastifyInstance,
  deps: StorageDeps,
): (method: Method, url: string, handler: (req: FastifyRequest, caller: Caller) => Promise<unknown>) => void {
  app.addHook('preHandler', async (req) => {
    req.caller = await callerOf(deps.pool, req.headers)
  })
  return (method, url, handler) =>
    app.route({
      method,
      url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => reply.send(await handler(req, req.caller)),
    })
}

/** Reads and validates a request part: `body`, `query` or `params` (as `path`). */
export function input<S extends Parameters<typeof parseWith>[0]>(
  schema: S,
  req: FastifyRequest,
  where: 'body' | 'query' | 'path',
) {
  return parseWith(schema, where === 'body' ? req.body : where === 'query' ? req.query : req.params, where)
}

/**
 * The upload and download URLs, `PUT|GET /v1/files/content/:id`: no Runtime API auth (the URL's
 * signature, a public file, or a bearer token decides), bodies streamed to the blob store instead of
 * being parsed (so the JSON body limit does not apply: the file's declared size does).
 */
function registerContentRoutes(app: FastifyInstance, deps: StorageDeps): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_req, _payload, done) => done(null))
  app.put('/content/:id', async (req, reply) => {
    const { id } = input(s.idParam, req, 'path')
    const q = req.query as Record<string, unknown>
    const generation = Number(q.g)
    const refusal = deps.urls.refuse({ op: 'put', fileId: id, generation }, q.exp, q.sig)
    if (refusal === 'missing signature')
      throw new UnauthorizedError('upload URLs are signed: use the uploadUrl upsertFile returned')
    if (refusal) throw new ForbiddenError(`this upload URL is not valid: ${refusal}`)
    await uploadContent(deps, { fileId: id, generation }, req.raw)
    return reply.code(200).send({})
  })
  app.get('/content/:id', async (req, reply) => {
    const { id } = input(s.idParam, req, 'path')
    const q = req.query as Record<string, unknown>
    const { file, body } = await downloadContent(deps, id, {
      signatureRefusal: deps.urls.refuse({ op: 'get', fileId: id }, q.exp, q.sig),
      caller: req.headers.authorization ? () => callerOf(deps.pool, req.headers) : undefined,
    })
    return reply
      .header('content-type', file.content_type)
      .header('content-length', String(file.size ?? 0))
      .header(
        'cache-control',
        file.access_policies.includes('public_content') ? 'public, max-age=60' : 'private, no-store',
      )
      .send(Readable.from(body))
  })
}

/** The Files API, `/v1/files` (the 15 operations of `@botpress/api`'s files spec, and content URLs). */
export function registerFilesRoutes(app: FastifyInstance, deps: StorageDeps): void {
  void app.register(async (scope) => registerContentRoutes(scope, deps))
  void app.register(async (scope) => {
    const route = jsonRoutes(scope, deps)
    const links = (req: FastifyRequest): FileLinks => ({ base: baseUrlOf(deps, req), urls: deps.urls })
    const one = (req: FastifyRequest, row: FileRow) => ({ file: fileView(row, links(req)) })
    const idOf = (req: FastifyRequest) => input(s.idParam, req, 'path').id

    route('PUT', '/', async (req, c) => {
      const row = await files.upsertFile(deps, c, input(s.upsertFile, req, 'body'))
      return { file: { ...fileView(row, links(req)), uploadUrl: uploadUrl(row, links(req)) } }
    })
    route('GET', '/', async (req, c) => {
      const r = await files.listFiles(deps, c, input(s.listFiles, req, 'query'))
      return { files: r.files.map((f) => fileView(f, links(req))), meta: { nextToken: r.nextToken } }
    })
    route('GET', '/search', async (req, c) => ({
      passages: await passages.searchFiles(deps, c, input(s.searchFiles, req, 'query')),
    }))
    route('GET', '/tags', async (req, c) => {
      const r = await files.listFileTags(deps, c, input(s.listTags, req, 'query').nextToken)
      return { tags: r.tags, meta: { nextToken: r.nextToken } }
    })
    route('GET', '/tags/:tag/values', async (req, c) => {
      const { tag } = input(s.tagParam, req, 'path')
      const r = await files.listFileTagValues(deps, c, tag, input(s.listTags, req, 'query').nextToken)
      return { values: r.values, meta: { nextToken: r.nextToken } }
    })
    route('POST', '/knowledge-bases', async (req, c) => ({
      knowledgeBase: await kb.createKnowledgeBase(deps, c, input(s.createKnowledgeBase, req, 'body')),
    }))
    route('GET', '/knowledge-bases', async (req, c) => {
      const r = await kb.listKnowledgeBases(deps, c, input(s.listKnowledgeBases, req, 'query'))
      return { knowledgeBases: r.knowledgeBases, meta: { nextToken: r.nextToken } }
    })
    route('PUT', '/knowledge-bases/:id', async (req, c) => ({
      knowledgeBase: await kb.updateKnowledgeBase(
        deps,
        c,
        idOf(req),
        input(s.updateKnowledgeBase, req, 'body'),
      ),
    }))
    route('DELETE', '/knowledge-bases/:id', async (req, c) => {
      await kb.deleteKnowledgeBase(deps, c, idOf(req))
      return {}
    })
    route('GET', '/:id', async (req, c) => one(req, await files.getFile(deps, c, idOf(req))))
    route('PUT', '/:id', async (req, c) =>
      one(req, await files.updateFileMetadata(deps, c, idOf(req), input(s.updateFileMetadata, req, 'body'))),
    )
    route('DELETE', '/:id', async (req, c) => {
      await files.deleteFile(deps, c, idOf(req))
      return {}
    })
    route('POST', '/:idOrKey/:destinationKey', async (req, c) => {
      const p = input(s.copyParams, req, 'path')
      const destinationBotId = req.headers['x-destination-bot-id']
      const row = await files.copyFile(deps, c, {
        ...p,
        overwrite: input(s.copyFile, req, 'body').overwrite,
        destinationBotId: typeof destinationBotId === 'string' ? destinationBotId : undefined,
      })
      return one(req, row)
    })
    route('GET', '/:id/passages', async (req, c) => {
      const r = await passages.listFilePassages(deps, c, idOf(req), input(s.listFilePassages, req, 'query'))
      return { passages: r.passages, meta: { nextToken: r.nextToken } }
    })
    route('PUT', '/:id/passages', async (req, c) => {
      await passages.setFilePassages(deps, c, idOf(req), input(s.setFilePassages, req, 'body').passages)
      return {}
    })
  })
}
