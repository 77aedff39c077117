import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthorizedError } from '@switchboard/errors'
import { callerOf } from '../auth/request-caller.js'
import { authenticateCallers, routeKit } from '../http/routes/kit.js'
import { parseWith } from '../http/schemas.js'
import { downloadContent, uploadContent } from './content.js'
import type { StorageDeps } from './deps.js'
import * as files from './files.js'
import * as kb from './knowledge-bases.js'
import * as passages from './passages.js'
import { fileSchemas as s } from './schemas.js'
import { requestStorageDeps } from './storage.js'
import { fileView, uploadUrl, type FileLinks, type FileRow } from './views.js'

/** The base URL a caller reached this API at: PUBLIC_API_URL, else the request's own Host. */
export function baseUrlOf(deps: StorageDeps, req: FastifyRequest): string {
  return (deps.publicApiUrl ?? `${req.protocol}://${req.headers.host ?? req.host}`).replace(/\/+$/, '')
}

/** Authenticates every route of `app`'s scope exactly as the Runtime API does (sets `req.caller`). */
export function authenticateRoutes(app: FastifyInstance, deps: StorageDeps): void {
  authenticateCallers(app, (req) => callerOf(deps.pool, req.headers))
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
    const { id } = parseWith(s.idParam, req.params, 'path')
    const q = req.query as Record<string, unknown>
    const generation = Number(q.g)
    const refusal = deps.urls.refuse({ op: 'put', fileId: id, generation }, q.exp, q.sig)
    if (refusal === 'missing signature')
      throw new UnauthorizedError('upload URLs are signed: use the uploadUrl upsertFile returned')
    if (refusal) throw new ForbiddenError(`this upload URL is not valid: ${refusal}`)
    const length = Number(req.headers['content-length'])
    try {
      await uploadContent(
        deps,
        { fileId: id, generation },
        req.raw,
        Number.isFinite(length) ? length : undefined,
      )
    } catch (err) {
      // The rest of a refused body is never read: close the connection after the answer, so
      // neither the client nor the server waits on it.
      if (!req.raw.complete) void reply.header('connection', 'close')
      throw err
    }
    return reply.code(200).send({})
  })
  app.get('/content/:id', async (req, reply) => {
    const { id } = parseWith(s.idParam, req.params, 'path')
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
export function registerFilesRoutes(app: FastifyInstance, base: StorageDeps): void {
  void app.register(async (scope) => registerContentRoutes(scope, base))
  // A keyed write's work joins the request's transaction, so its key commits with it.
  const deps = requestStorageDeps(base)
  void app.register(async (scope) => {
    authenticateRoutes(scope, deps)
    const { route, body, query, params } = routeKit(scope, base.pool, { writesJoinKeys: true })
    const links = (req: FastifyRequest): FileLinks => ({ base: baseUrlOf(deps, req), urls: deps.urls })
    const one = (req: FastifyRequest, row: FileRow) => ({ file: fileView(row, links(req)) })
    const idOf = (req: FastifyRequest) => params(s.idParam, req).id

    route('PUT', '/', async (req, c) => {
      const row = await files.upsertFile(deps, c, body(s.upsertFile, req))
      return { file: { ...fileView(row, links(req)), uploadUrl: uploadUrl(row, links(req)) } }
    })
    route('GET', '/', async (req, c) => {
      const r = await files.listFiles(deps, c, query(s.listFiles, req))
      return { files: r.files.map((f) => fileView(f, links(req))), meta: { nextToken: r.nextToken } }
    })
    route('GET', '/search', async (req, c) => ({
      passages: await passages.searchFiles(deps, c, query(s.searchFiles, req)),
    }))
    route('GET', '/tags', async (req, c) => {
      const r = await files.listFileTags(deps, c, query(s.listTags, req).nextToken)
      return { tags: r.tags, meta: { nextToken: r.nextToken } }
    })
    route('GET', '/tags/:tag/values', async (req, c) => {
      const { tag } = params(s.tagParam, req)
      const r = await files.listFileTagValues(deps, c, tag, query(s.listTags, req).nextToken)
      return { values: r.values, meta: { nextToken: r.nextToken } }
    })
    route('POST', '/knowledge-bases', async (req, c) => ({
      knowledgeBase: await kb.createKnowledgeBase(deps, c, body(s.createKnowledgeBase, req)),
    }))
    route('GET', '/knowledge-bases', async (req, c) => {
      const r = await kb.listKnowledgeBases(deps, c, query(s.listKnowledgeBases, req))
      return { knowledgeBases: r.knowledgeBases, meta: { nextToken: r.nextToken } }
    })
    route('PUT', '/knowledge-bases/:id', async (req, c) => ({
      knowledgeBase: await kb.updateKnowledgeBase(deps, c, idOf(req), body(s.updateKnowledgeBase, req)),
    }))
    route('DELETE', '/knowledge-bases/:id', async (req, c) => {
      await kb.deleteKnowledgeBase(deps, c, idOf(req))
      return {}
    })
    route('GET', '/:id', async (req, c) => one(req, await files.getFile(deps, c, idOf(req))))
    route('PUT', '/:id', async (req, c) =>
      one(req, await files.updateFileMetadata(deps, c, idOf(req), body(s.updateFileMetadata, req))),
    )
    route('DELETE', '/:id', async (req, c) => {
      await files.deleteFile(deps, c, idOf(req))
      return {}
    })
    route('POST', '/:idOrKey/:destinationKey', async (req, c) => {
      const p = params(s.copyParams, req)
      const destinationBotId = req.headers['x-destination-bot-id']
      const row = await files.copyFile(deps, c, {
        ...p,
        overwrite: body(s.copyFile, req).overwrite,
        destinationBotId: typeof destinationBotId === 'string' ? destinationBotId : undefined,
      })
      return one(req, row)
    })
    route('GET', '/:id/passages', async (req, c) => {
      const r = await passages.listFilePassages(deps, c, idOf(req), query(s.listFilePassages, req))
      return { passages: r.passages, meta: { nextToken: r.nextToken } }
    })
    route('PUT', '/:id/passages', async (req, c) => {
      await passages.setFilePassages(deps, c, idOf(req), body(s.setFilePassages, req).passages)
      return {}
    })
  })
}
