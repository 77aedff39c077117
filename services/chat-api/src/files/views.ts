import type { UrlSigner } from './signed-urls.js'

/** A `files` row joined with its owner's installation. */
export interface FileRow {
  id: string
  bot_id: string
  key: string
  owner_type: 'bot' | 'integration'
  installation_id: string | null
  integration_id: string | null
  integration_name: string | null
  alias: string | null
  content_type: string
  declared_size: number
  size: number | null
  tags: Record<string, string>
  metadata: Record<string, unknown>
  access_policies: string[]
  index: boolean
  status: string
  failed_reason: string | null
  expires_at: Date | null
  generation: number
  blob_id: string | null
  created_at: Date
  updated_at: Date
}

/** SELECT of files with the owner's integration (alias `f`). */
export const FILE_SELECT = `SELECT f.*, i.integration_id, i.alias, g.name AS integration_name FROM files f
  LEFT JOIN installations i ON i.id = f.installation_id LEFT JOIN integrations g ON g.id = i.integration_id`

/** A file as the Files API returns it. */
export interface FileView {
  id: string
  botId: string
  key: string
  url: string
  size: number | null
  contentType: string
  tags: Record<string, string>
  metadata: Record<string, unknown>
  createdAt: string
  updatedAt: string
  accessPolicies: Array<'integrations' | 'public_content'>
  index: boolean
  status: string
  failedStatusReason?: string
  expiresAt?: string
  owner: { type: 'bot' | 'integration'; id?: string; name?: string; alias?: string }
}

/** How views build a file's links: the base URL callers reach and the signer of private links. */
export interface FileLinks {
  base: string
  urls: UrlSigner
}

/** True when the file's content is readable without credentials. */
export function isPublic(row: Pick<FileRow, 'access_policies'>): boolean {
  return row.access_policies.includes('public_content')
}

/** The download URL of a file: plain when public, signed with an expiry when private. */
export function contentUrl(row: Pick<FileRow, 'id' | 'access_policies'>, links: FileLinks): string {
  const url = `${links.base}/v1/files/content/${row.id}`
  return isPublic(row) ? url : `${url}?${links.urls.sign({ op: 'get', fileId: row.id })}`
}

/** The URL the content of this generation of the file is PUT to. */
export function uploadUrl(row: Pick<FileRow, 'id' | 'generation'>, links: FileLinks): string {
  return `${links.base}/v1/files/content/${row.id}?${links.urls.sign({ op: 'put', fileId: row.id, generation: row.generation })}`
}

/** Maps a file row to its API shape. */
export function fileView(row: FileRow, links: FileLinks): FileView {
  const view: FileView = {
    id: row.id,
    botId: row.bot_id,
    key: row.key,
    url: contentUrl(row, links),
    size: row.size ?? row.declared_size,
    contentType: row.content_type,
    tags: row.tags,
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    accessPolicies: row.access_policies as FileView['accessPolicies'],
    index: row.index,
    status: row.status,
    owner:
      row.owner_type === 'bot'
        ? { type: 'bot', id: row.bot_id }
        : {
            type: 'integration',
            ...(row.integration_id ? { id: row.integration_id } : {}),
            ...(row.integration_name ? { name: row.integration_name } : {}),
            ...(row.alias ? { alias: row.alias } : {}),
          },
  }
  if (row.failed_reason) view.failedStatusReason = row.failed_reason
  if (row.expires_at) view.expiresAt = row.expires_at.toISOString()
  return view
}
