import { createHash } from 'node:crypto'

/**
 * Computes the deduplication key of one webhook delivery from the request, or `undefined` when the
 * delivery has none (then no `Nats-Msg-Id` is set and every delivery is stored).
 */
export type KeyExtractor = (headers: Record<string, string>, body: Buffer) => string | undefined

/** Thrown by `parseIdempotencyRule` for a rule that is neither `body:/pointer` nor `header:Name`. */
export class InvalidIdempotencyRuleError extends Error {
  override readonly name = 'InvalidIdempotencyRuleError'
}

/**
 * Compiles an integration's `webhook.idempotencyKey` rule:
 * - `body:/json/pointer` — an RFC 6901 pointer into the JSON body (`body:/update_id`);
 * - `header:Name` — a request header (`header:X-GitHub-Delivery`), case-insensitive.
 * An empty rule means no key. A body that is not JSON, or where the pointer finds nothing (or
 * null), gives no key rather than an error: the delivery is still stored, just not deduplicated.
 */
export function parseIdempotencyRule(rule: string): KeyExtractor | undefined {
  const r = rule.trim()
  if (r === '') return undefined
  if (r.startsWith('header:')) {
    const name = r.slice('header:'.length).trim().toLowerCase()
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
      throw new InvalidIdempotencyRuleError(`idempotency rule ${JSON.stringify(rule)}: bad header name`)
    }
    return (headers) => headers[name] || undefined
  }
  if (r.startsWith('body:')) {
    const tokens = parsePointer(r.slice('body:'.length))
    if (!tokens) {
      throw new InvalidIdempotencyRuleError(
        `idempotency rule ${JSON.stringify(rule)}: not a JSON pointer (RFC 6901)`,
      )
    }
    return (_headers, body) => {
      let doc: unknown
      try {
        doc = JSON.parse(body.toString('utf8'))
      } catch {
        return undefined
      }
      const v = resolvePointer(doc, tokens)
      if (v === undefined || v === null) return undefined
      const s = typeof v === 'string' ? v : JSON.stringify(v)
      return s === '' ? undefined : s
    }
  }
  throw new InvalidIdempotencyRuleError(
    `idempotency rule ${JSON.stringify(rule)}: must start with "body:" or "header:"`,
  )
}

/** RFC 6901: '' is the whole document; otherwise '/'-separated tokens with `~1` → '/', `~0` → '~'. */
function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) return undefined
  const tokens = pointer.slice(1).split('/')
  for (const t of tokens) if (/~[^01]|~$/.test(t)) return undefined
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function resolvePointer(doc: unknown, tokens: string[]): unknown {
  let cur = doc
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(t)) return undefined
      cur = cur[Number(t)]
    } else if (cur !== null && typeof cur === 'object') {
      if (!Object.hasOwn(cur, t)) return undefined
      cur = (cur as Record<string, unknown>)[t]
    } else {
      return undefined
    }
  }
  return cur
}

/**
 * The `Nats-Msg-Id` for a key of one installation. Namespaced by installation id, so two
 * installations (even of the same provider, with overlapping delivery ids) never collide. A key that
 * is long or not plain printable ASCII (a header value must not carry CR/LF) is hashed; the
 * separator (':' raw, '#' hashed) keeps the two forms apart.
 */
export function messageId(installationId: string, key: string): string {
  if (key.length <= 200 && /^[\x21-\x7e]+$/.test(key)) return `${installationId}:${key}`
  return `${installationId}#${createHash('sha256').update(key).digest('hex')}`
}
