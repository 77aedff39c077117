import { z } from 'zod'
import { PG_INTEGER_MAX } from '@switchboard/db'
import { fields } from '../http/routes/fields.js'

const tagValue = z.string().max(1000)
const tags = z.record(z.string().min(1).max(200), tagValue)
const accessPolicies = z.array(z.enum(['integrations', 'public_content'])).max(2)
const jsonObject = fields.jsonObject
const stringArray = z.preprocess(
  (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(200)).max(50).optional(),
)
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
const nextToken = z.string().max(1000).optional()

/** Request schemas of the Files API, named after the client's operations. */
export const fileSchemas = {
  idParam: z.object({ id: z.string().min(1).max(200) }),
  upsertFile: z
    .object({
      key: z.string().min(1).max(1024),
      size: z.number().int('must be a whole number of bytes').min(0),
      tags: tags.default({}),
      index: z.boolean().default(false),
      indexing: z.unknown().optional(),
      accessPolicies: accessPolicies.default([]),
      contentType: z
        .string()
        .max(255)
        .regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, 'must be a MIME type such as text/plain')
        .optional(),
      expiresAt: fields.dateTime.optional(),
      publicContentImmediatelyAccessible: z.boolean().optional(),
      metadata: jsonObject.optional(),
    })
    .strict(),
  updateFileMetadata: z
    .object({
      metadata: jsonObject.optional(),
      tags: z.record(z.string().min(1).max(200), tagValue.nullable()).optional(),
      accessPolicies: accessPolicies.optional(),
      expiresAt: fields.dateTime.nullable().optional(),
    })
    .strict(),
  copyParams: z.object({ idOrKey: z.string().min(1).max(1024), destinationKey: z.string().min(1).max(1024) }),
  copyFile: z.object({ overwrite: z.boolean().optional() }).strict(),
  listFiles: z.object({
    nextToken,
    sortField: z.enum(['key', 'size', 'createdAt', 'updatedAt', 'status']).optional(),
    sortDirection: z.enum(['asc', 'desc']).optional(),
    tags: tags.optional(),
    ids: stringArray,
    indexed: bool.optional(),
  }),
  searchFiles: z.object({
    query: z.string().min(1, 'must not be empty').max(1024),
    tags: tags.optional(),
    limit: z.coerce.number().int().min(1).max(50).optional(),
    contextDepth: z.coerce.number().int().min(0).max(10).optional(),
    consolidate: bool.optional(),
    includeBreadcrumb: bool.optional(),
    withContext: bool.optional(),
  }),
  listFilePassages: z.object({ nextToken, limit: z.coerce.number().int().min(1).max(200).optional() }),
  setFilePassages: z
    .object({
      passages: z
        .array(
          z.object({
            content: z.string().max(100_000),
            type: z
              .enum(['title', 'subtitle', 'paragraph', 'blockquote', 'list', 'table', 'code', 'image'])
              .default('paragraph'),
            pageNumber: z.number().int().min(0).max(PG_INTEGER_MAX).optional(), // page_number is an integer column
          }),
        )
        .max(10_000),
    })
    .strict(),
  listTags: z.object({ nextToken }),
  tagParam: z.object({ tag: z.string().min(1).max(200) }),
  createKnowledgeBase: z.object({ name: z.string().min(1).max(200), tags: tags.default({}) }).strict(),
  updateKnowledgeBase: z
    .object({ name: z.string().min(1).max(200), tags: z.record(z.string(), tagValue.nullable()).optional() })
    .strict(),
  listKnowledgeBases: z.object({ nextToken, tags: tags.optional() }),
}

/** The body of upsertFile, parsed. */
export type UpsertFileInput = z.infer<typeof fileSchemas.upsertFile>
/** The body of updateFileMetadata, parsed. */
export type UpdateFileInput = z.infer<typeof fileSchemas.updateFileMetadata>
/** The query of listFiles, parsed. */
export type ListFilesInput = z.infer<typeof fileSchemas.listFiles>
