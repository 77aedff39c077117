import { describe, expect, it } from 'vitest'
import { newInvocation, takeKey } from './idempotency.js'

const body = (text: string) => Buffer.from(JSON.stringify({ text }))

describe('idempotency keys of a handler’s writes', () => {
  it('a re-run of the same delivery sends the same keys, whatever the order of its concurrent writes', () => {
    const first = newInvocation('SB_WEBHOOKS:7')
    const a = takeKey(first, 'POST', '/v1/chat/messages', body('a')).key
    const b = takeKey(first, 'POST', '/v1/chat/messages', body('b')).key
    const rerun = newInvocation('SB_WEBHOOKS:7')
    expect(takeKey(rerun, 'POST', '/v1/chat/messages', body('b')).key).toBe(b)
    expect(takeKey(rerun, 'POST', '/v1/chat/messages', body('a')).key).toBe(a)
    expect(a).not.toBe(b)
  })

  it('another delivery, method or path is another key', () => {
    const k = (d: string, m: string, p: string) => takeKey(newInvocation(d), m, p, body('a')).key
    const base = k('SB_WEBHOOKS:7', 'POST', '/v1/chat/messages')
    expect(k('SB_WEBHOOKS:8', 'POST', '/v1/chat/messages')).not.toBe(base)
    expect(k('SB_WEBHOOKS:7', 'PUT', '/v1/chat/messages')).not.toBe(base)
    expect(k('SB_WEBHOOKS:7', 'POST', '/v1/chat/events')).not.toBe(base)
  })

  it('the client’s retry of a failed send reuses its key; a second identical write gets its own', () => {
    const inv = newInvocation('SB_BOT:out_1')
    const first = takeKey(inv, 'POST', '/v1/chat/messages', body('hi'))
    first.settle('failed') // a network error or a 502: @botpress/client retries it
    const retry = takeKey(inv, 'POST', '/v1/chat/messages', body('hi'))
    expect(retry.key).toBe(first.key)
    retry.settle('answered')
    const second = takeKey(inv, 'POST', '/v1/chat/messages', body('hi'))
    expect(second.key).not.toBe(first.key)
    // Two identical writes in flight together are two writes.
    const third = takeKey(inv, 'POST', '/v1/chat/messages', body('hi'))
    expect(new Set([first.key, second.key, third.key]).size).toBe(3)
  })
})
