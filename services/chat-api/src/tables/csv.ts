/** One CSV field: quoted when it holds a comma, quote, or line break. */
function field(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Rows as CSV (RFC 4180): a header line of `headers`, then one line per row. */
export function toCsv(headers: string[], rows: Record<string, unknown>[]): string {
  const lines = [headers.map(field).join(',')]
  for (const r of rows) lines.push(headers.map((h) => field(r[h])).join(','))
  return lines.join('\r\n') + '\r\n'
}

/** Parses CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records of strings. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = []
  let row: string[] = []
  let cur = ''
  let quoted = false
  let i = 0
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  while (i < src.length) {
    const ch = src[i]!
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cur += '"'
        i += 2
        continue
      }
      if (ch === '"') quoted = false
      else cur += ch
      i++
      continue
    }
    if (ch === '"' && cur === '') quoted = true
    else if (ch === ',') {
      row.push(cur)
      cur = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(cur)
      out.push(row)
      row = []
      cur = ''
    } else cur += ch
    i++
  }
  if (cur !== '' || row.length) {
    row.push(cur)
    out.push(row)
  }
  return out.filter((r) => !(r.length === 1 && r[0] === ''))
}
