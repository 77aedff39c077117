import { describe, expect, it } from 'vitest'
import { decodeOriginal, redactHeaders } from './views.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('what the console shows of a dead letter', () => {
  it('unpacks a webhook and hides the credentials a provider sent, in headers and in a JSON body', () => {
    const envelope = {
      installationId: 'inst_1',
      method: 'POST',
      path: '/events',
      query: 'a=1',
      headers: {
        authorization: 'Bearer xoxb-123',
        'x-slack-signature': 'v0=abc',
        'content-type': 'application/json',
      },
      bodyBase64: b64(JSON.stringify({ token: 'verif-123', event: { text: 'hi', api_key: 'k-1' } })),
    }
    const o = decodeOriginal(b64(JSON.stringify(envelope)))
    expect(o).toMatchObject({ kind: 'webhook', method: 'POST', path: '/events', query: 'a=1' })
    const shown = JSON.stringify(o)
    for (const secret of ['xoxb-123', 'v0=abc', 'verif-123', 'k-1']) expect(shown).not.toContain(secret)
    expect(shown).toContain('application/json')
    expect(shown).toContain('hi')
  })

  it('shows other messages as JSON or text', () => {
    expect(decodeOriginal(b64('{"kind":"message_created","secret":"s"}'))).toEqual({
      kind: 'json',
      value: { kind: 'message_created', secret: '[redacted]' },
    })
    expect(decodeOriginal(b64('not json'))).toEqual({ kind: 'text', text: 'not json' })
    expect(redactHeaders({ Cookie: 'c', traceparent: 't' })).toEqual({
      Cookie: '[redacted]',
      traceparent: 't',
    })
  })
})
