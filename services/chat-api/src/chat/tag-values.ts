import type { Caller } from '../auth/caller.js'
import { conversationScope, userScope } from './access.js'
import type { ChatDeps } from './deps.js'
import { opaqueToken, PAGE, readToken } from './pagination.js'
import { toStoredKey } from './tags.js'

/** The objects whose tag values `listTagValues` lists. */
export const TAG_VALUE_TYPES = ['user', 'conversation', 'message'] as const

/**
 * The SQL source of each type's tags (on alias `o`), scoped to what the caller may see through the
 * same scopes every other read uses: an integration lists only its installation's users and
 * conversations, whatever keys a bot wrote on the others.
 */
function source(type: (typeof TAG_VALUE_TYPES)[number], caller: Caller, params: unknown[]): string {
  if (type === 'user') return `users u, LATERAL (SELECT u.tags) o WHERE ${userScope(caller, params)}`
  const scope = conversationScope(caller, params)
  if (type === 'conversation') return `conversations c, LATERAL (SELECT c.tags) o WHERE ${scope}`
  return `messages o JOIN conversations c ON c.id = o.conversation_id WHERE ${scope}`
}

const encode = (value: string) => opaqueToken({ after: value })

function decode(token: string | undefined): string | null {
  if (!token) return null
  // A stored tag value never holds a NUL (input refuses it), and Postgres cannot take one.
  return readToken(token, ({ after }) =>
    typeof after === 'string' && !after.includes('\u0000') ? after : undefined,
  )
}

/**
 * The distinct values of one tag key over the caller's users, conversations or messages, in order,
 * paginated. The key is the caller's view of it (an integration names its own keys unprefixed).
 */
export async function listTagValues(
  deps: ChatDeps,
  caller: Caller,
  input: { key: string; type: (typeof TAG_VALUE_TYPES)[number]; nextToken?: string },
): Promise<{ tags: Array<{ value: string }>; nextToken?: string }> {
  const key = toStoredKey(caller, input.key, 'key')
  const params: unknown[] = []
  const from = source(input.type, caller, params)
  params.push(key)
  const k = `$${params.length}`
  const after = decode(input.nextToken)
  let where = `o.tags ? ${k}`
  if (after !== null) {
    params.push(after)
    where += ` AND o.tags ->> ${k} > $${params.length}`
  }
  params.push(PAGE.default + 1)
  const { rows } = await deps.pool.query<{ value: string }>(
    `SELECT DISTINCT o.tags ->> ${k} AS value FROM ${from} AND ${where} ORDER BY value LIMIT $${params.length}`,
    params,
  )
  const items = rows.slice(0, PAGE.default)
  return {
    tags: items.map((r) => ({ value: r.value })),
    nextToken: rows.length > PAGE.default ? encode(items[items.length - 1]!.value) : undefined,
  }
}
