import { describe, expect, it } from 'vitest'
import { InvalidIdempotencyRuleError, messageId, parseIdempotencyRule } from './idempotency.js'

const json = (v: unknown) => Buffer.from(JSON.stringify(v))

describe('idempotency rules', () => {
  it('reads a JSON pointer into the body (RFC 6901 escapes, arrays, numbers)', () => {
    const body = json({ update_id: 42, 'a/b': { '~k': 'x' }, list: [{ id: 'first' }] })
    expect(parseIdempotencyRule('body:/update_id')!({}, body)).toBe('42')
    expect(parseIdempotencyRule('body:/a~1b/~0k')!({}, body)).toBe('x')
    expect(parseIdempotencyRule('body:/list/0/id')!({}, body)).toBe('first')
  })

  it('gives no key when the body is not JSON or the pointer finds nothing', () => {
    const rule = parseIdempotencyRule('body:/update_id')!
    expect(rule({}, Buffer.from('not json'))).toBeUndefined()
    expect(rule({}, Buffer.alloc(0))).toBeUndefined()
    expect(rule({}, json({ other: 1 }))).toBeUndefined()
    expect(rule({}, json({ update_id: null }))).toBeUndefined()
    expect(parseIdempotencyRule('body:/list/01')!({}, json({ list: ['a', 'b'] }))).toBeUndefined()
    // Inherited properties are not part of the document.
    expect(parseIdempotencyRule('body:/constructor')!({}, json({}))).toBeUndefined()
  })

  it('reads a header, case-insensitively', () => {
    const rule = parseIdempotencyRule('header:X-GitHub-Delivery')!
    expect(rule({ 'x-github-delivery': 'd-1' }, Buffer.alloc(0))).toBe('d-1')
    expect(rule({}, Buffer.alloc(0))).toBeUndefined()
  })

  it('has no key for an empty rule and refuses malformed ones', () => {
    expect(parseIdempotencyRule('')).toBeUndefined()
    expect(() => parseIdempotencyRule('query:id')).toThrow(InvalidIdempotencyRuleError)
    expect(() => parseIdempotencyRule('body:update_id')).toThrow(InvalidIdempotencyRuleError)
    expect(() => parseIdempotencyRule('body:/a~2')).toThrow(InvalidIdempotencyRuleError)
    expect(() => parseIdempotencyRule('header:bad name')).toThrow(InvalidIdempotencyRuleError)
  })

  it('namespaces message ids by installation and hashes keys unfit for a header', () => {
    expect(messageId('inst_A', '42')).toBe('inst_A:42')
    expect(messageId('inst_A', '42')).not.toBe(messageId('inst_B', '42'))
    const weird = messageId('inst_A', 'line\r\nbreak')
    expect(weird).toMatch(/^inst_A#[0-9a-f]{64}$/)
    expect(messageId('inst_A', 'x'.repeat(1000))).toMatch(/^inst_A#[0-9a-f]{64}$/)
  })
})
